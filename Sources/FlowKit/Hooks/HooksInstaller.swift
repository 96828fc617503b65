import FlowCore
import FlowGit
import Foundation

/// What flow installed, `.git/flow/hooks.json`: the blob id of each script as written, so
/// `hooks status` can tell an intact hook from one edited after install.
public struct InstalledHooks: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 1
    public struct Entry: Codable, Equatable, Sendable {
        public var path: String
        public var blob: String
        public var chained: Bool
    }
    public var schemaVersion: Int = InstalledHooks.currentSchemaVersion
    public var hooks: [String: Entry] = [:]
}

public struct HookState: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable { case installed, missing, modified, foreign }
    public let name: String
    public let path: String
    /// installed: flow's script as written; missing: no hook; modified: flow's script edited since;
    /// foreign: someone else's hook, flow's is not installed.
    public let status: Status
    /// A hook that was there before flow and still runs first.
    public let chained: Bool
}

/// Installs, removes and inspects flow's git hooks. A hook already there is moved aside to
/// `<name>.flow-chained` and still runs first; uninstall moves it back, bytes and mode intact.
public struct HooksInstaller {
    /// pre-merge-commit is what `git merge` runs instead of pre-commit: the same checks.
    public static let names = ["pre-commit", "pre-merge-commit", "commit-msg", "pre-push"]
    static let marker = "# flow-managed-hook"

    public let repository: Repository
    public let store: StateStore
    public var recordPath: String { store.directory + "/hooks.json" }

    /// The hooks of the repository at `path` (or the current directory's): the command line's way
    /// in, so that no git handle crosses into it.
    public static func open(at path: String?) throws -> HooksInstaller {
        HooksInstaller(repository: try Project.openRepository(at: path).0)
    }

    /// The hooks of an opened project's repository.
    public init(project: Project) {
        self.init(repository: project.repository)
    }

    init(repository: Repository) {
        self.repository = repository
        self.store = StateStore(gitCommonDirectory: repository.commonDirectory)
    }

    /// `core.hooksPath` (relative to the work tree root, `~/` expanded), else `<common git dir>/hooks`.
    public func hooksDirectory() throws -> String {
        let configured: String?
        do {
            configured = try repository.configString("core.hooksPath")
        } catch let error as GitError {
            throw FlowError(error, doing: "reading core.hooksPath (git config --list --show-origin shows where it is set)")
        }
        guard let configured, !configured.isEmpty else { return repository.commonDirectory + "/hooks" }
        if configured.hasPrefix("/") { return configured }
        if configured.hasPrefix("~/") { return NSHomeDirectory() + configured.dropFirst(1) }
        let base = repository.workDirectory ?? repository.commonDirectory
        return URL(fileURLWithPath: base + "/" + configured).standardizedFileURL.path
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The script for one hook. It records where flow was at install time, so a git GUI with a
    /// thin PATH still finds it, and falls back to PATH when that binary has moved.
    public static func script(for name: String, flowPath: String) -> String {
        let stdinHook = name == "pre-push"
        var lines = [
            "#!/bin/sh",
            "\(marker): installed by `flow hooks install`; `flow hooks uninstall` restores what was here.",
            "FLOW=\(quote(flowPath))",
            "[ -x \"$FLOW\" ] || FLOW=$(command -v flow) || {",
            "    echo \"flow: $0: the flow binary is neither at \(flowPath.replacingOccurrences(of: "\"", with: "")) nor on PATH; reinstall flow and run flow hooks install\" >&2",
            "    exit 1",
            "}",
            "chained=\"$(dirname \"$0\")/\(name).flow-chained\"",
        ]
        if stdinHook {
            // git writes the refs being pushed on stdin: both hooks must see them.
            lines += [
                "input=$(cat)",
                "if [ -x \"$chained\" ]; then",
                "    printf '%s\\n' \"$input\" | \"$chained\" \"$@\" || exit $?",
                "fi",
                "printf '%s\\n' \"$input\" | \"$FLOW\" hook \(name) \"$@\"",
                "exit $?",
            ]
        } else {
            lines += [
                "if [ -x \"$chained\" ]; then",
                "    \"$chained\" \"$@\" || exit $?",
                "fi",
                "exec \"$FLOW\" hook \(name) \"$@\"",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The running flow binary, resolved.
    public static func currentExecutable() -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    func loadRecord() throws -> InstalledHooks {
        try StateStore.read(InstalledHooks.self, at: recordPath, current: InstalledHooks.currentSchemaVersion, what: "hooks")
            ?? InstalledHooks()
    }

    static func contents(_ path: String) -> [UInt8]? {
        // A dangling symlink is still a hook someone put there: read it as absent content but keep it.
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    static func exists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    static func isFlowScript(_ bytes: [UInt8]?) -> Bool {
        guard let bytes else { return false }
        return String(decoding: bytes.prefix(300), as: UTF8.self).contains(marker)
    }

    /// One line per hook saying what happened.
    public func install(flowPath: String = HooksInstaller.currentExecutable()) throws -> [String] {
        if let manager = try hookManager(), !manager.chains {
            throw FlowError(
                .blocked, "core.hooksPath belongs to \(manager.name) (\(manager.directory)); flow does not rewrite its hooks",
                hint: manager.missing.isEmpty ? "nothing to do: \(manager.name)'s hooks already call flow" : manager.advice)
        }
        let directory = try hooksDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var lines: [String] = []
        try FileLock.withLock(store.lockPath) {
            var record = try loadRecord()
            for name in Self.names {
                let path = "\(directory)/\(name)"
                let chainedPath = path + ".flow-chained"
                let script = Array(Self.script(for: name, flowPath: flowPath).utf8)
                let current = Self.contents(path)
                if Self.exists(path), !Self.isFlowScript(current) {
                    guard !Self.exists(chainedPath) else {
                        throw FlowError(
                            .blocked, "\(path) is not flow's and \(chainedPath) already exists: flow will not overwrite either",
                            hint: "merge or remove one of them, then run flow hooks install again")
                    }
                    guard rename(path, chainedPath) == 0 else {
                        throw FlowError.invalid("cannot move \(path) aside: \(String(cString: strerror(errno)))")
                    }
                    lines.append("\(name): kept your hook as \(chainedPath); it still runs first")
                } else if current == script {
                    lines.append("\(name): already installed, unchanged")
                    record.hooks[name] = InstalledHooks.Entry(
                        path: path, blob: Repository.blobID(of: script),
                        chained: Self.exists(chainedPath))
                    continue
                }
                try AtomicFile.write(Data(script), to: path)
                chmod(path, 0o755)
                record.hooks[name] = InstalledHooks.Entry(
                    path: path, blob: Repository.blobID(of: script), chained: Self.exists(chainedPath))
                if current != nil && Self.isFlowScript(current) {
                    lines.append("\(name): updated \(path)")
                } else {
                    lines.append("\(name): installed \(path)")
                }
            }
            try AtomicFile.write(try StateStore.encode(record), to: recordPath)
        }
        return lines
    }

    /// Removes flow's hooks and moves back what was there before, byte for byte.
    public func uninstall() throws -> [String] {
        let directory = try hooksDirectory()
        var lines: [String] = []
        try FileLock.withLock(store.lockPath) {
            var record = try loadRecord()
            for name in Self.names {
                let path = "\(directory)/\(name)"
                let chainedPath = path + ".flow-chained"
                let current = Self.contents(path)
                if Self.exists(path) && !Self.isFlowScript(current) {
                    lines.append(
                        "\(name): \(path) is not flow's, left alone"
                            + (Self.exists(chainedPath) ? " (and \(chainedPath) kept: restore it by hand)" : ""))
                    record.hooks[name] = nil
                    continue
                }
                if Self.exists(path) {
                    guard unlink(path) == 0 else {
                        throw FlowError.invalid("cannot remove \(path): \(String(cString: strerror(errno)))")
                    }
                }
                if Self.exists(chainedPath) {
                    guard rename(chainedPath, path) == 0 else {
                        throw FlowError.invalid("cannot restore \(chainedPath): \(String(cString: strerror(errno)))")
                    }
                    lines.append("\(name): removed flow's hook, restored your original")
                } else {
                    lines.append(current == nil ? "\(name): not installed" : "\(name): removed")
                }
                record.hooks[name] = nil
            }
            if record.hooks.isEmpty {
                unlink(recordPath)
            } else {
                try AtomicFile.write(try StateStore.encode(record), to: recordPath)
            }
        }
        return lines
    }

    public func status() throws -> [HookState] {
        let directory = try hooksDirectory()
        let record = try loadRecord()
        return Self.names.map { name in
            let path = "\(directory)/\(name)"
            let chained = Self.exists(path + ".flow-chained")
            let current = Self.contents(path)
            let status: HookState.Status
            if !Self.exists(path) {
                status = .missing
            } else if !Self.isFlowScript(current) {
                status = record.hooks[name] == nil ? .foreign : .modified
            } else if let entry = record.hooks[name], entry.path == path, entry.blob == Repository.blobID(of: current ?? []) {
                status = .installed
            } else {
                status = .modified
            }
            return HookState(name: name, path: path, status: status, chained: chained)
        }
    }
}
