import FlowCore
import FlowGit
import FlowKit
import Foundation
import Testing

/// A real git repository in a temporary directory, driven with the git command line.
final class TempRepo {
    let base: String
    let path: String
    /// Evidence recorded by `.evidence` steps.
    var evidence = EvidenceLedger()

    init(bare: Bool = false, initialize: Bool = true) throws {
        base = NSTemporaryDirectory() + "flow-test-" + UUID().uuidString
        path = base + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if initialize {
            try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
            if !bare {
                try git(["config", "user.email", "flow@example.com"])
                try git(["config", "user.name", "flow tests"])
                try git(["config", "commit.gpgsign", "false"])
            }
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    @discardableResult
    func git(_ args: [String], in dir: String? = nil) throws -> String {
        try run(["git"] + args, in: dir ?? path)
    }

    @discardableResult
    func run(_ argv: [String], in dir: String? = nil, environment: [String: String] = [:]) throws -> String {
        var env = environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_AUTHOR_DATE"] = env["GIT_AUTHOR_DATE"] ?? "2026-01-01T00:00:00Z"
        env["GIT_COMMITTER_DATE"] = env["GIT_COMMITTER_DATE"] ?? "2026-01-01T00:00:00Z"
        let result = ProcessRunner().run(argv, in: dir ?? path, environment: env, timeoutSeconds: 120)
        guard result.succeeded else {
            throw FlowError(.blocked, "`\(argv.joined(separator: " "))` failed: \(result.outcome)\n\(result.output)")
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ relative: String, _ text: String) throws { try write(relative, Array(text.utf8)) }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func apply(_ steps: [RepoStep]) throws {
        for step in steps {
            switch step {
            case .write(let p, let t): try write(p, t)
            case .writeBytes(let p, let b): try write(p, b)
            case .symlink(let p, let target):
                try FileManager.default.createDirectory(
                    atPath: ((path + "/" + p) as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: path + "/" + p, withDestinationPath: target)
            case .remove(let p): try FileManager.default.removeItem(atPath: path + "/" + p)
            case .stage(let paths): try git(["add", "-A", "--"] + paths)
            case .commit(let m): try git(["commit", "-q", "--no-verify", "-m", m])
            case .tag(let n, let annotated): try git(annotated ? ["tag", "-a", n, "-m", n] : ["tag", n])
            case .branch(let b): try git(["checkout", "-q", "-b", b])
            case .checkout(let b): try git(["checkout", "-q", b])
            case .merge(let b): try git(["merge", "-q", "--no-ff", "--no-edit", b])
            case .remote(let n, let u): try git(["remote", "add", n, u])
            case .gitConfig(let key, let value): try git(["config", key, value])
            case .pushToOrigin(let branch):
                if !(try git(["remote"]).split(separator: "\n").contains("origin")) {
                    try git(["init", "-q", "--bare", path + ".origin.git"])
                    try git(["remote", "add", "origin", path + ".origin.git"])
                }
                try git(["push", "-q", "origin", branch])
            case .updateRef(let ref, let rev): try git(["update-ref", ref, rev])
            case .evidence(let check, let pack, let passed):
                let tree = try repository().treeID(of: "Packs/\(pack)", in: .workTree) ?? ""
                // Recorded on the current branch, as flow next does.
                evidence.add(
                    EvidenceRecord(
                        check: check, pack: pack, tree: tree, passed: passed, tool: "example",
                        branch: try repository().head().branchName, recordedAt: "2026-01-01T00:00:00Z"))
            }
        }
    }

    func repository() throws -> Repository { try Repository.discover(from: path) }
}

/// Runs the built `flow` binary and captures what a user would see.
struct FlowRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum FlowBinary {
    /// `.build/<config>/flow`, beside the test bundle; `FLOW_TEST_BINARY` names another build
    /// (an older flow, to see a new test row fail on the code before it).
    static var path: String {
        if let other = ProcessInfo.processInfo.environment["FLOW_TEST_BINARY"], !other.isEmpty { return other }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("flow").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "flow"
    }

    /// - Parameters:
    ///   - stdin: what the command reads; nil is an empty, closed input.
    ///   - onTerminal: run it on a pseudo-terminal (util-linux `script`) as a person at a terminal
    ///     would; stdout and stderr then arrive together in `stdout`, with the echoed input.
    ///   - binary: another build of flow (the release build); the test build by default.
    static func run(
        _ args: [String], in dir: String, environment: [String: String] = [:], stdin: String? = nil,
        onTerminal: Bool = false, binary: String = path
    ) throws -> FlowRun {
        try run(
            args, in: dir, environment: environment, stdin: stdin, onTerminal: onTerminal, binary: binary,
            seconds: nil
        ).run
    }

    /// The one launcher of the tests: as above, and with `seconds`, killed (SIGKILL) when it runs
    /// longer, so a row that hangs fails instead of stalling the suite. stdout and stderr are read
    /// at once (a full stderr pipe cannot block the child while stdout is read).
    static func run(
        _ args: [String], in dir: String, environment: [String: String] = [:], stdin: String? = nil,
        onTerminal: Bool = false, binary: String = path, seconds: Double?
    ) throws -> (run: FlowRun, timedOut: Bool) {
        let process = Process()
        if onTerminal {
            let command = ([binary] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command.joined(separator: " "), "/dev/null"]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = args
        }
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // flow runs as on a developer's machine whether the suite runs there or in CI (CI=true): a
        // row that means CI says so in its own environment.
        env["CI"] = nil
        env["GITHUB_ACTIONS"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        try ProcessLaunch.run(process)
        if let input, let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        let timedOut = ManagedAtomicFlag()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            timedOut.set()
            kill(pid, SIGKILL)
        }
        if let seconds { DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog) }
        defer { watchdog.cancel() }
        // Written by the reader thread before it signals, read here only after the wait.
        nonisolated(unsafe) var errData = Data()
        let errDone = DispatchSemaphore(value: 0)
        Thread {
            errData = ProcessLaunch.readAll(err.fileHandleForReading)
            errDone.signal()
        }.start()
        let outData = ProcessLaunch.readAll(out.fileHandleForReading)
        errDone.wait()
        process.waitUntilExit()
        // Foundation keeps a finished Process's pipes open on Linux: close them, or the test
        // process gathers thousands of descriptors (and meets Foundation's /proc/self/fd over-read).
        try? out.fileHandleForReading.close()
        try? err.fileHandleForReading.close()
        try? input?.fileHandleForReading.close()
        return (
            FlowRun(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self)), timedOut.isSet
        )
    }
}

/// The source checkout (for Workflows/ and State/).
enum SourceTree {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// A gate context over a real repository, with configurable project settings.
func makeContext(
    _ repo: TempRepo, config: ProjectConfig = ProjectConfig(packs: ["Demo"]),
    evidence: EvidenceLedger = EvidenceLedger(), pack: String? = nil
) throws -> GateContext {
    GateContext(
        git: FactsSnapshot(try repo.repository()), files: LocalFiles(root: repo.path), config: config,
        evidence: evidence, commands: ProcessRunner(), pack: pack, content: ContentReader())
}

/// The context a gate example is judged in: its repository's `.flow/config.yml` when the example
/// writes one (firstPRFiled, say), else one configured pack, Demo.
func exampleContext(_ repo: TempRepo, pack: String?) throws -> GateContext {
    let config = try ConfigStore.load(root: repo.path) ?? ProjectConfig(packs: ["Demo"])
    return try makeContext(repo, config: config, evidence: repo.evidence, pack: pack)
}

/// The real XSOAR tools (demisto-sdk, ruff, pytest) installed by scripts/xsoar-tools.sh:
/// `$FLOW_TOOLS_BIN`, else `.build/xsoar-venv/bin` of this checkout; nil when not installed.
enum XsoarTools {
    static var bin: String? {
        if let dir = ProcessInfo.processInfo.environment["FLOW_TOOLS_BIN"], !dir.isEmpty,
            FileManager.default.isExecutableFile(atPath: dir + "/demisto-sdk")
        {
            return dir
        }
        let local = SourceTree.root + "/.build/xsoar-venv/bin"
        return FileManager.default.isExecutableFile(atPath: local + "/demisto-sdk") ? local : nil
    }

    static var installed: Bool { bin != nil }

    /// PATH with the tools first.
    static func path(_ bin: String) -> String {
        bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }
}

/// A small CommonServerPython.py and demistomock.py written by the test, as if flow had
/// downloaded them before: the cache holds them under the SHA-256 sums the environment names,
/// and the download URL points nowhere, so nothing leaves the machine.
enum CommonServerFixture {
    static let commonServerPython = """
        class DemistoException(Exception):
            pass


        class CommandResults:
            def __init__(self, outputs_prefix=None, outputs_key_field=None, outputs=None, readable_output=None):
                self.outputs_prefix = outputs_prefix
                self.outputs_key_field = outputs_key_field
                self.outputs = outputs
                self.readable_output = readable_output


        def tableToMarkdown(name, rows, headers=None):
            rows = rows if isinstance(rows, list) else [rows]
            headers = headers or sorted({key for row in rows for key in row})
            lines = ["### " + name, "|" + "|".join(headers) + "|", "|" + "|".join("---" for _ in headers) + "|"]
            lines += ["|" + "|".join(str(row.get(h, "")) for h in headers) + "|" for row in rows]
            return "\\n".join(lines) + "\\n"

        """
    static let demistomock = "def args():\n    return {}\n\n\ndef results(value):\n    return value\n"

    /// Writes the files into a cache under `base` and returns the environment that makes flow use it.
    static func environment(base: String, url: String = "http://127.0.0.1:9/unused") throws -> [String: String] {
        let sums =
            "CommonServerPython.py=\(CommonServerFiles.sha256Hex(Data(commonServerPython.utf8))),"
            + "demistomock.py=\(CommonServerFiles.sha256Hex(Data(demistomock.utf8)))"
        let env = ["FLOW_CACHE_DIR": base + "/cache", "FLOW_COMMON_SERVER_SHA256": sums, "FLOW_COMMON_SERVER_URL": url]
        let cache = CommonServerFiles.downloadPlan(environment: env).cache
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try Data(commonServerPython.utf8).write(to: URL(fileURLWithPath: cache + "/CommonServerPython.py"))
        try Data(demistomock.utf8).write(to: URL(fileURLWithPath: cache + "/demistomock.py"))
        return env
    }
}

/// Stand-ins for ruff, demisto-sdk and `python3 -m pytest` that pass and print a version, for
/// tests about the workflow's phases rather than the tools (the end-to-end test uses the real ones).
enum FakeTools {
    static func install(in dir: String) throws -> String {
        let bin = dir + "/fake-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let realPython = ProcessRunner.locate("python3") ?? "/usr/bin/python3"
        let scripts = [
            "ruff": "#!/bin/sh\n[ \"$1\" = --version ] && echo 'ruff 0.0.0 (fake)'\nexit 0\n",
            "demisto-sdk": "#!/bin/sh\n[ \"$1\" = --version ] && echo 'demisto-sdk version: 0.0.0 (fake)'\nexit 0\n",
            "python3":
                "#!/bin/sh\nif [ \"$1\" = -m ] && [ \"$2\" = pytest ]; then\n  [ \"$3\" = --version ] && echo 'pytest 0.0.0 (fake)' && exit 0\n  echo '1 passed in 0.01s'\n  exit 0\nfi\nexec \(realPython) \"$@\"\n",
        ]
        for (name, text) in scripts {
            let path = bin + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o755)
        }
        return bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }
}
