import Crypto
import FlowCore
import FlowGit
import Foundation

/// The extra packages a repository's unit tests import (an integration's `xlrd`, `geopy`), which
/// the production Docker image has and the tools' Python has not: `.flow/test-requirements.txt`,
/// pip's requirements format restricted to pins, one `name==version` a line (`pip freeze` writes
/// them; `#` comments and blank lines allowed). `flow test-requirements install` installs exactly
/// these (`pip install --no-deps --target`) into a directory of this clone keyed by the list and
/// the Python version; the test action finds them through `{testRequirementsPath}`. The file is a
/// policy input: CI judges with the base branch's list.
public struct TestRequirements: Equatable, Sendable {
    public static let relativePath = PolicyInputs.testRequirementsPath
    public static let token = "{testRequirementsPath}"
    public static let installCommand = "flow test-requirements install"

    /// `name==version`, as written, in file order.
    public let pins: [String]
    /// Where they were read from, for messages (`.flow/test-requirements.txt`, or `... at <commit>`).
    public let file: String

    public init(pins: [String], file: String = TestRequirements.relativePath) {
        self.pins = pins
        self.file = file
    }

    /// One line for messages and the evidence: `test requirements xlrd==2.0.1, geopy==2.4.1`.
    public var summary: String { "test requirements \(pins.joined(separator: ", "))" }

    /// Parses the file; an unpinned line is refused naming file:line and the pinned form.
    public static func parse(_ text: String, file: String) throws -> TestRequirements {
        var pins: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let pin = pinned(text) else {
                // The distribution's name when the line starts with one (not an option, not a URL).
                let name =
                    text.contains("://") || !(text.first?.isLetter ?? false)
                    ? "" : text.prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) }
                throw FlowError.invalid(
                    "\(file):\(index + 1): `\(text)` is not pinned: the tests would import whatever version pip picks that day, "
                        + "here and in CI alike",
                    hint:
                        "write it as one exact version, \(name.isEmpty ? "NAME" : String(name))==VERSION (pip freeze prints the installed one)"
                )
            }
            pins.append(pin)
        }
        return TestRequirements(pins: pins, file: file)
    }

    /// `name==version` with a plain distribution name and a version without wildcards; nil otherwise
    /// (ranges, URLs, options such as `-e` or `--index-url`, environment markers).
    static func pinned(_ text: String) -> String? {
        let parts = text.components(separatedBy: "==")
        guard parts.count == 2 else { return nil }
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        let version = parts[1].trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
            !version.isEmpty, version.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+!".contains($0)) })
        else { return nil }
        return "\(name)==\(version)"
    }

    /// The work tree's list; nil when there is no file or it pins nothing.
    public static func load(root: String) throws -> TestRequirements? {
        guard let data = FileManager.default.contents(atPath: root + "/" + relativePath) else { return nil }
        let list = try parse(String(decoding: data, as: UTF8.self), file: relativePath)
        return list.pins.isEmpty ? nil : list
    }

    /// The list committed at `commit` (the base branch's, in CI); nil when it has none.
    public static func load(_ repository: Repository, at commit: String) throws -> TestRequirements? {
        let bytes: [UInt8]?
        do {
            bytes = try repository.fileContent(relativePath, at: commit)
        } catch let error as GitError {
            throw FlowError(error, doing: "reading \(relativePath) at \(commit.prefix(12))")
        }
        guard let bytes else { return nil }
        let list = try parse(String(decoding: bytes, as: UTF8.self), file: "\(relativePath) at \(commit.prefix(12))")
        return list.pins.isEmpty ? nil : list
    }

    /// The directory holding this list installed for `python` (its `major.minor`): keyed by both,
    /// so a changed list or another Python is "not installed" rather than stale packages.
    public func directory(storeDirectory: String, pythonVersion: String) -> String {
        let key = pins.joined(separator: "\n") + "\npython " + pythonVersion
        let digest = SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
        return "\(storeDirectory)/test-requirements/\(digest.prefix(16))"
    }

    static let stampName = ".flow-installed"

    /// The installed directory, or nil.
    public func installed(storeDirectory: String, pythonVersion: String) -> String? {
        let dir = directory(storeDirectory: storeDirectory, pythonVersion: pythonVersion)
        return FileManager.default.fileExists(atPath: dir + "/" + Self.stampName) ? dir : nil
    }

    /// `major.minor` of the `python3` the tests run with (PATH of `environment`).
    public static func pythonVersion(runner: CommandRunning, environment: [String: String] = [:]) throws -> String {
        let result = runner.run(
            ["python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], in: nil, environment: environment,
            timeoutSeconds: 60)
        let version = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.succeeded, !version.isEmpty, !version.contains("\n") else {
            throw FlowError(
                .toolMissing, "python3 did not say its version: \(result.output.prefix(200))",
                hint: ActionRunner.installHint("python3"))
        }
        return version
    }

    /// Installs exactly the pins (no dependencies pip would choose) with the tools' `python3 -m pip`,
    /// into a fresh directory renamed into place once pip succeeded. Returns the directory.
    @discardableResult
    public func install(
        storeDirectory: String, runner: CommandRunning, environment: [String: String] = [:], pipArguments: [String] = [],
        pythonVersion: String? = nil
    ) throws -> (directory: String, fresh: Bool) {
        let python = try pythonVersion ?? Self.pythonVersion(runner: runner, environment: environment)
        if let done = installed(storeDirectory: storeDirectory, pythonVersion: python) { return (done, false) }
        let dir = directory(storeDirectory: storeDirectory, pythonVersion: python)
        let fm = FileManager.default
        let staging = dir + ".installing-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: staging)
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let listFile = staging + "/" + Self.stampName
        try AtomicFile.write(Data((pins.joined(separator: "\n") + "\n").utf8), to: staging + "/requirements.txt")
        let result = runner.run(
            [
                "python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--no-deps",
                "--target", staging, "-r", staging + "/requirements.txt",
            ] + pipArguments, in: nil, environment: environment, timeoutSeconds: 900)
        guard result.succeeded else {
            try? fm.removeItem(atPath: staging)
            let output = result.output.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw FlowError(
                .toolMissing, "pip could not install \(summary) (\(file)) for Python \(python):\n\(output)",
                hint:
                    "check the pins in \(file) and the network (pip's own settings, such as PIP_INDEX_URL, apply), then run \(Self.installCommand) again"
            )
        }
        try AtomicFile.write(Data((pins.joined(separator: "\n") + "\n").utf8), to: listFile)
        try? fm.removeItem(atPath: dir)
        try fm.moveItem(atPath: staging, toPath: dir)
        return (dir, true)
    }

    /// The fix when the list is declared but not installed here.
    public func notInstalled(pythonVersion: String) -> FlowError {
        FlowError(
            .toolMissing,
            "\(file) names \(pins.joined(separator: ", ")) for the unit tests, not installed in this clone for Python \(pythonVersion)",
            hint: Self.installCommand)
    }
}

extension TestRequirements {
    /// `flow test-requirements install [--from REV]`: the repository's list (the work tree's, or the
    /// one committed at REV: in CI, the base branch's, which judges), and flow's pytest set for the
    /// images when the configuration says `testsInImage: true`. What it did, one line each.
    public static func installAll(project: Project, from revision: String?, runner: CommandRunning) throws -> [String] {
        let list: TestRequirements?
        if let revision {
            let commit: String?
            do {
                commit = try project.repository.resolveCommit(revision)
            } catch let error as GitError {
                throw FlowError(error, doing: "resolving \(revision)")
            }
            guard let commit else {
                throw FlowError.invalid("\(revision) does not name a commit here", hint: "git fetch origin \(project.config.mainBranch)")
            }
            list = try load(project.repository, at: commit)
        } else {
            list = try load(root: project.root)
        }
        var lines: [String] = []
        let store = project.store.directory
        if let list {
            let (directory, fresh) = try list.install(storeDirectory: store, runner: runner)
            lines.append("\(fresh ? "installed" : "already installed"): \(list.pins.joined(separator: " ")) (\(list.file)) in \(directory)")
        } else {
            lines.append("no test requirements: \(revision.map { "\(relativePath) at \($0)" } ?? relativePath) pins nothing")
        }
        if project.config.testsInImage == true {
            let set = ComponentImage.pytestSet
            let (directory, fresh) = try set.install(
                storeDirectory: store, runner: runner, pipArguments: ComponentImage.pytestSetPipArguments, pythonVersion: "any")
            lines.append("\(fresh ? "installed" : "already installed"): \(set.file) (\(set.pins.joined(separator: " "))) in \(directory)")
        }
        return lines
    }
}
