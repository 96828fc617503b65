import FlowCore
import FlowGitTypes
import Foundation

/// The pre-commit hook's commit policy as cached in `.git/flow/content-gates`: the cache key
/// (one line), then the policy's fingerprint, which is also its stored form (no JSON: its
/// decoder's first use costs a commit more than reading the workflow's policy back).
struct CommitPolicyCache {
    let fingerprint: String
    let gates: CommitPolicy

    init(_ gates: CommitPolicy) {
        self.gates = gates
        fingerprint = gates.fingerprint
    }

    static func encode(_ gates: CommitPolicy, key: String) -> Data? {
        guard !key.contains("\n") else { return nil }
        return Data("\(key)\n\(gates.fingerprint)".utf8)
    }

    /// The policy in `data` when it was cached under `key`; nil for another key or anything that
    /// does not read back as a policy exactly (then the workflow is read again).
    static func cached(_ data: Data, key: String) -> CommitPolicyCache? {
        let bytes = [UInt8](data)
        guard let end = bytes.firstIndex(of: 0x0A), bytes[..<end].elementsEqual(key.utf8),
            let fingerprint = String(validating: bytes[(end + 1)...], as: UTF8.self),
            let gates = CommitPolicy(fingerprint: fingerprint), gates.fingerprint == fingerprint
        else { return nil }
        return CommitPolicyCache(gates)
    }

    /// What a commit needs under the configured workflow (its checks and content gates; the
    /// shipped xsoar-local's if it cannot be loaded: a broken workflow file must not switch the
    /// gates off), and its fingerprint. Parsing the
    /// workflow's YAML is most of the pre-commit hook's added cost: the list is kept in
    /// .git/flow/content-gates, keyed by the workflow (a shipped name, or a file's path, size and
    /// mtime) and flow's binary (which carries the shipped workflows), as the key line and the
    /// gates' fingerprint (their stored form).
    static func load(workflow name: String, root: String, store: StateStore) -> CommitPolicyCache {
        let file = WorkflowLocator.isShippedName(name) ? nil : try? WorkflowLocator.resolve(name, root: root)
        let key = [file ?? name, file.map(FileStamp.of) ?? "shipped", FileStamp.binary].joined(separator: "|")
        let cachePath = store.directory + "/content-gates"
        if FastPath.enabled, let data = FileManager.default.contents(atPath: cachePath),
            let cached = CommitPolicyCache.cached(data, key: key)
        {
            return cached
        }
        let gates: CommitPolicy
        if let workflow = (try? WorkflowLocator.load(name, root: root)) ?? (try? WorkflowLocator.load("xsoar-local", root: root)) {
            gates = CommitPolicy(workflow: workflow, scope: .staged)
        } else {
            gates = CommitPolicy(
                uses: CommitPolicy.fallback,
                checks: EvidencePassedGate.defaultChecks.map { RequiredCheck(check: $0, phase: $0) })
        }
        if let data = CommitPolicyCache.encode(gates, key: key) { try? AtomicFile.write(data, to: cachePath, durable: false) }
        return CommitPolicyCache(gates)
    }
}
