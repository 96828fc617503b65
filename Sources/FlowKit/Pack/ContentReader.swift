import Crypto
import FlowCore
import FlowGitTypes
import Foundation
import Yams

/// Reads YAML with Yams and Python with flow's `ast` checker (python3) for the content gates.
/// One reader lives for one evaluation: the checker's answer for a set of sources is kept, so the
/// gates asking about the same pack share a single python3 run.
///
/// With a cache directory (the hooks and `flow` commands pass `.git/flow/ast-cache`), each file's
/// facts are also kept on disk, keyed by the checker's text, the file's path and its bytes: a
/// file's facts depend on nothing else, so the pre-commit hook asks python3 only about files
/// whose content no earlier run has seen (`flow next` has usually read the same blobs). A
/// performance special case behind `FastPath`; switched off, python3 reads every file.
public final class ContentReader: ContentReading {
    private let commands: CommandRunning
    private let script: () -> String?
    private let cacheDirectory: String?
    private var answers: [String: PythonCheck] = [:]
    /// Every content gate loads the pack's units: each YAML is parsed once per evaluation.
    private var parsedYAML: [String: Result<YAMLNode?, Error>] = [:]
    /// Times python3 was started (tests check that a pack costs one run).
    public private(set) var runs = 0

    public init(
        commands: CommandRunning = ProcessRunner(), script: @escaping () -> String? = { CheckerScript.source() },
        cacheDirectory: String? = nil
    ) {
        self.commands = commands
        self.script = script
        self.cacheDirectory = cacheDirectory
    }

    public func yaml(_ bytes: [UInt8], path: String) throws -> YAMLNode? {
        var hasher = Hasher()
        hasher.combine(bytes)
        let key = "\(path)#\(hasher.finalize())"
        if let known = parsedYAML[key] { return try known.get() }
        let result = Result { try parseYAML(bytes, path: path) }
        parsedYAML[key] = result
        return try result.get()
    }

    private func parseYAML(_ bytes: [UInt8], path: String) throws -> YAMLNode? {
        let text = String(decoding: bytes, as: UTF8.self)
        let root: Node?
        do {
            // Only each scalar's text is kept (YAMLNode has no types), so no resolver is needed.
            root = try YAMLDepthGuard.compose(text, resolver: .basic)
        } catch {
            throw ContentError.yaml(path: path, line: error.line ?? 1, message: error.message)
        }
        return root.map(Self.convert)
    }

    static func convert(_ node: Node) -> YAMLNode {
        let line = node.mark.map { $0.line } ?? 1
        switch node {
        case .scalar(let scalar): return YAMLNode(line: line, .scalar(scalar.string))
        case .sequence(let sequence): return YAMLNode(line: line, .list(sequence.map(convert)))
        case .mapping(let mapping):
            return YAMLNode(line: line, .map(mapping.map { (key: $0.key.string ?? "", value: convert($0.value)) }))
        }
    }

    public func python(_ sources: [(path: String, bytes: [UInt8])]) -> PythonCheck {
        var hasher = Hasher()
        for source in sources {
            hasher.combine(source.path)
            hasher.combine(source.bytes)
        }
        let key = "\(sources.map(\.path).joined(separator: "\0"))#\(hasher.finalize())"
        if let known = answers[key] { return known }
        let answer = cachedOrRun(sources)
        answers[key] = answer
        return answer
    }

    /// The facts of every source: from the cache where a run has seen that content, the rest
    /// from one python3 run (whose answers are then kept).
    private func cachedOrRun(_ sources: [(path: String, bytes: [UInt8])]) -> PythonCheck {
        guard FastPath.enabled, let cacheDirectory, let checker = script() else { return run(sources) }
        let checkerKey = Array(SHA256.hash(data: Array(checker.utf8)))
        func key(_ source: (path: String, bytes: [UInt8])) -> String {
            var hasher = SHA256()
            hasher.update(data: checkerKey)
            hasher.update(data: Array(source.path.utf8) + [0])
            hasher.update(data: source.bytes)
            return Hex.string(hasher.finalize())
        }
        var known: [String: PythonFileFacts] = [:]
        var missing: [(path: String, bytes: [UInt8])] = []
        var keys: [String: String] = [:]
        for source in sources {
            let sourceKey = key(source)
            keys[source.path] = sourceKey
            if let data = FileManager.default.contents(atPath: "\(cacheDirectory)/\(sourceKey).json"),
                let facts = try? JSONDecoder().decode(PythonFileFacts.self, from: data)
            {
                known[source.path] = facts
            } else {
                missing.append(source)
            }
        }
        if missing.isEmpty { return .facts(known) }
        let answer = run(missing)
        guard case .facts(let fresh) = answer else { return answer }
        try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        for (path, facts) in fresh {
            known[path] = facts
            if let sourceKey = keys[path], let data = try? JSONEncoder().encode(facts) {
                try? AtomicFile.write(data, to: "\(cacheDirectory)/\(sourceKey).json", durable: false)
            }
        }
        return .facts(known)
    }

    private func run(_ sources: [(path: String, bytes: [UInt8])]) -> PythonCheck {
        guard let checker = script() else {
            return .unavailable(
                reason: "flow's Python checker \(CheckerScript.name) is missing (FLOW_RESOURCES_DIR points at a directory without it)",
                fix: "take it out of the environment (unset FLOW_RESOURCES_DIR), or point it at the Resources/ directory of flow's source")
        }
        // The sources are written out (they may come from the index or a commit, not the work tree).
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("flow-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            for source in sources {
                let url = scratch.appendingPathComponent("src/" + source.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(source.bytes).write(to: url)
            }
            try Data(checker.utf8).write(to: scratch.appendingPathComponent(CheckerScript.name))
        } catch {
            return .unavailable(
                reason: "cannot write the sources to a scratch directory: \(error.localizedDescription)",
                fix: "check that \(FileManager.default.temporaryDirectory.path) is writable (or set TMPDIR)")
        }
        let out = scratch.appendingPathComponent("facts.json").path
        runs += 1
        let result = commands.run(
            [
                "python3", "-W", "ignore", "-I", scratch.appendingPathComponent(CheckerScript.name).path,
                scratch.appendingPathComponent("src").path, out,
            ] + sources.map(\.path),
            in: scratch.path, environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeoutSeconds: 120)
        switch result.outcome {
        case .notStarted:
            return .unavailable(
                reason: "python3 is not installed: flow reads integration code with Python's own ast module",
                fix: "install python3 (e.g. `sudo apt-get install python3`), then run flow again")
        case .timedOut(let seconds):
            return .unavailable(
                reason: "flow's Python checker did not finish within \(seconds) s",
                fix: "check the pack's .py files (a huge generated file?) and run flow again")
        case .exited(let code) where code != 0:
            let tail = result.output.split(separator: "\n").suffix(3).joined(separator: " | ")
            return .unavailable(
                reason: "flow's Python checker exited \(code): \(tail)",
                fix: "run `python3 --version` (3.8 or later is needed) and report the output to flow's maintainers")
        default:
            break
        }
        struct Answer: Decodable { let files: [String: PythonFileFacts] }
        guard let data = FileManager.default.contents(atPath: out),
            let answer = try? JSONDecoder().decode(Answer.self, from: data)
        else {
            return .unavailable(
                reason: "flow's Python checker wrote no readable answer",
                fix: "run `python3 --version` (3.8 or later is needed) and report the output to flow's maintainers")
        }
        return .facts(answer.files)
    }
}
