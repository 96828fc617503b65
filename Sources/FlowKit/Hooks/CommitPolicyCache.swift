import FlowCore
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
}
