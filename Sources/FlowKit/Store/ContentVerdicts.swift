import Crypto
import FlowCore
import FlowGitTypes
import Foundation

/// Content gates that passed, bound to the content they judged, as evidence is bound to a tree:
/// the key names the pack, its tree id, the gates asked (with their parameters), and everything
/// else those gates look at (the merge-base with main, main's tip, the release tags, the configuration,
/// flow's own binary). `flow next` records a pass when it has checked a pack's work tree; the
/// pre-commit hook skips the content gates of a staged pack whose tree has such a pass. Work
/// tree and index answer alike when their tree ids are equal: same files, same modes, nothing
/// unstaged or untracked in the pack. A performance special case behind `FastPath`; switched
/// off, the hook asks every gate.
///
/// Kept in `.git/flow/content-verdicts`: one key (64 hexadecimal digits) per line, the newest
/// last. Plain lines, not JSON: reading it is on every commit's path.
public struct ContentVerdicts {
    public let path: String
    /// Passes kept (the newest last); older ones are dropped.
    static let limit = 256

    public init(store: StateStore) { path = store.directory + "/content-verdicts" }

    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { $0.utf8.count == 64 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } }
            .map(String.init)
    }

    public func passed(_ key: String) -> Bool { FastPath.enabled && load().contains(key) }

    /// Best effort: a lost entry only means the gates are asked again.
    public func recordPass(_ key: String) {
        var passes = load().filter { $0 != key }
        passes.append(key)
        try? AtomicFile.write(Data(passes.suffix(Self.limit).map { $0 + "\n" }.joined().utf8), to: path, durable: false)
    }

    /// The key of gates (given by their `CommitPolicy.fingerprint`) asked about `pack` at `tree`;
    /// nil when git cannot say what the gates would look at (then nothing is recorded and nothing
    /// is skipped).
    public static func key(
        pack: String, tree: String, gates: String, git: RepositoryFacts,
        config: ProjectConfig
    ) -> String? {
        // The merge-base, and main's tip too: a pack that reached main since (merged from
        // elsewhere) is held to a published pack's rules (PackGateSupport.publishedHistory).
        guard let mergeBase = try? git.mergeBase(with: "refs/heads/\(config.mainBranch)") ?? "none",
            let mainTip = try? git.resolveCommit("refs/heads/\(config.mainBranch)") ?? "none",
            let tags = try? git.tags(),
            // HEAD too: docs.updated-with-change with `per: commit` judges the change against it.
            let head = try? git.resolveCommit("HEAD") ?? "none"
        else { return nil }
        var inputs = Fingerprint()
        inputs.add("pack", pack)
        inputs.add("tree", tree)
        inputs.add("gates", gates)
        inputs.add("mergeBase", mergeBase)
        inputs.add("main", mainTip)
        inputs.add("head", head)
        let sorted = tags.sorted { $0.name < $1.name }
        inputs.add("tags", sorted.map(\.name))
        inputs.add("tagCommits", sorted.map { $0.commit ?? "-" })
        inputs.add("config", config.fingerprint)
        inputs.add("flow", FileStamp.binary)
        return Hex.string(SHA256.hash(data: Data(inputs.text.utf8)))
    }
}
