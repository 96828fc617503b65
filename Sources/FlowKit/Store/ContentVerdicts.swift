import Crypto
import FlowCore
import FlowGitTypes
import Foundation

/// Content gates that passed, bound to the content they judged, as evidence is bound to a tree:
/// the key names the pack, its tree id, the gates asked (with their parameters), and everything
/// else those gates look at (the merge-base with main, the release tags, the configuration,
/// flow's own binary). `flow next` records a pass when it has checked a pack's work tree; the
/// pre-commit hook skips the content gates of a staged pack whose tree has such a pass. Work
/// tree and index answer alike when their tree ids are equal: same files, same modes, nothing
/// unstaged or untracked in the pack. A performance special case behind `FastPath`; switched
/// off, the hook asks every gate.
public struct ContentVerdicts {
    public let path: String
    /// Passes kept (the newest last); older ones are dropped.
    static let limit = 256

    public init(store: StateStore) { path = store.directory + "/content-verdicts.json" }

    struct Document: Codable { var passes: [String] }

    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path),
              let document = try? JSONDecoder().decode(Document.self, from: data) else { return [] }
        return document.passes
    }

    public func passed(_ key: String) -> Bool { FastPath.enabled && load().contains(key) }

    /// Best effort: a lost entry only means the gates are asked again.
    public func recordPass(_ key: String) {
        var passes = load().filter { $0 != key }
        passes.append(key)
        if let data = try? JSONEncoder().encode(Document(passes: Array(passes.suffix(Self.limit)))) {
            try? AtomicFile.write(data, to: path)
        }
    }

    /// The key of `gates` asked about `pack` at `tree`; nil when git cannot say what the gates
    /// would look at (then nothing is recorded and nothing is skipped).
    public static func key(pack: String, tree: String, gates: ContentGates, git: RepositoryFacts,
                           config: ProjectConfig) -> String? {
        struct Use: Encodable { let id: String; let params: [String: ParamValue] }
        struct Tagged: Encodable { let name: String; let commit: String? }
        struct Inputs: Encodable {
            let pack: String, tree: String, gates: [Use], mergeBase: String, tags: [Tagged], config: ProjectConfig, flow: String
        }
        guard let mergeBase = try? git.mergeBase(with: "refs/heads/\(config.mainBranch)") ?? "none",
              let tags = try? git.tags() else { return nil }
        let inputs = Inputs(pack: pack, tree: tree, gates: gates.uses.map { Use(id: $0.id, params: $0.params.values) },
                            mergeBase: mergeBase, tags: tags.map { Tagged(name: $0.name, commit: $0.commit) }.sorted { $0.name < $1.name },
                            config: config, flow: HookRunner.stamp("/proc/self/exe"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(inputs) else { return nil }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
