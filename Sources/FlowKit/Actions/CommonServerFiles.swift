import Crypto
import FlowCore
import Foundation

/// The real `CommonServerPython.py` and `demistomock.py` a pack's unit tests import, found the
/// way a content developer's machine has them, in this order: the repository's own copies (a
/// content fork keeps them under Packs/Base and Tests/, the CI/CD template at the root), a
/// directory named by `commonServer:` in .flow/config.yml, a copy downloaded once at a pinned
/// commit, checked against its SHA-256 and kept in the user's cache. Empty stand-ins only when
/// the configuration says `commonServer: stand-ins`.
public struct CommonServerFiles: Equatable, Sendable {
    public enum Source: String, Equatable, Sendable {
        case repository = "the repository's own copies"
        case configured = "commonServer in .flow/config.yml"
        case downloaded = "a download checked against its SHA-256, cached"
        case standIns = "empty stand-ins (commonServer: stand-ins)"
    }

    public let source: Source
    /// Where CommonServerPython.py was found.
    public let commonServerPython: String
    public let demistomock: String
    /// Directories for PYTHONPATH, in order.
    public let pythonPath: [String]

    public var summary: String { "\(source.rawValue): \(commonServerPython), \(demistomock)" }

    /// The configuration value that asks for empty stand-ins.
    public static let standInsSetting = "stand-ins"
    /// The public repository and commit the download comes from (demisto/content-ci-cd-template
    /// keeps the content repository's files at its root), and each file's SHA-256 there.
    public static let pinnedCommit = "3719e347ddbb337b714d68d9822ddb0c87829624"
    public static let defaultBaseURL = "https://raw.githubusercontent.com/demisto/content-ci-cd-template/\(pinnedCommit)"
    public static let pinnedSHA256 = [
        "CommonServerPython.py": "38af7492cb821589a807dccb85f18be04bfc201b16e0197a8418d6043f38d363",
        "demistomock.py": "a4964c9434037fd82ab278fde67e55caa154eab06c7334164b6da51b902e921f",
    ]
    static let names = ["CommonServerPython.py", "demistomock.py"]

    /// Where a repository keeps each file: a content fork's paths first, then the root.
    static let repositoryCandidates = PolicyInputs.commonServerCandidates
    /// Modules that sit beside them in a content fork and that newer copies import.
    static let repositoryExtraDirectories = PolicyInputs.commonServerExtraDirectories

    struct Settings {
        let baseURL: String
        let sha256: [String: String]
        let cacheDirectory: String

        /// `FLOW_COMMON_SERVER_URL` (a mirror, or a test's local server) and
        /// `FLOW_COMMON_SERVER_SHA256` (`CommonServerPython.py=<hex>,demistomock.py=<hex>`, for
        /// a mirror at another commit) override the pinned source; `FLOW_CACHE_DIR`, else
        /// `$XDG_CACHE_HOME/flow`, else `~/.cache/flow`, is the cache.
        init(environment: [String: String]) {
            baseURL = environment["FLOW_COMMON_SERVER_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? CommonServerFiles.defaultBaseURL
            var sums = CommonServerFiles.pinnedSHA256
            for pair in (environment["FLOW_COMMON_SERVER_SHA256"] ?? "").split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { sums[parts[0]] = parts[1].lowercased() }
            }
            sha256 = sums
            let cacheRoot =
                environment["FLOW_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 + "/flow" }
                ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache/flow")
            let key = CommonServerFiles.names.map { sums[$0] ?? "" }.joined().prefix(16)
            cacheDirectory = cacheRoot + "/common-server/" + key
        }
    }

    static func isReal(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return false }
        // An empty file is a stand-in an older flow left at the root, not the real module.
        return (attributes[.size] as? Int ?? 0) > 0
    }

    static func sha256(of path: String) -> String? {
        FileManager.default.contents(atPath: path).map(sha256Hex)
    }

    public static func sha256Hex(_ data: Data) -> String {
        Hex.string(SHA256.hash(data: data))
    }

    /// The files found without downloading anything; nil when the download would be next.
    public static func local(
        root: String, config: ProjectConfig, environment: [String: String],
        standInsDirectory: String
    ) throws -> CommonServerFiles? {
        var found: [String: String] = [:]
        for name in names {
            found[name] = repositoryCandidates[name]?.map { root + "/" + $0 }.first(where: isReal)
        }
        if let csp = found["CommonServerPython.py"], let mock = found["demistomock.py"] {
            let extras = repositoryExtraDirectories.map { root + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
            return CommonServerFiles(
                source: .repository, commonServerPython: csp, demistomock: mock,
                pythonPath: unique([dir(csp), dir(mock)] + extras))
        }
        if let setting = config.commonServer, !setting.isEmpty {
            if setting == standInsSetting {
                return try standIns(in: standInsDirectory)
            }
            let directory = setting.hasPrefix("/") ? setting : root + "/" + setting
            let csp = directory + "/CommonServerPython.py", mock = directory + "/demistomock.py"
            guard isReal(csp), isReal(mock) else {
                throw FlowError.invalid(
                    "commonServer in \(ConfigStore.relativePath) names \(directory), which has no non-empty CommonServerPython.py and demistomock.py",
                    hint: "copy both files there, or fix the path, or remove commonServer to use the repository's copies or the download")
            }
            return CommonServerFiles(source: .configured, commonServerPython: csp, demistomock: mock, pythonPath: [directory])
        }
        let settings = Settings(environment: environment)
        let csp = settings.cacheDirectory + "/CommonServerPython.py", mock = settings.cacheDirectory + "/demistomock.py"
        if sha256(of: csp) == settings.sha256["CommonServerPython.py"], sha256(of: mock) == settings.sha256["demistomock.py"] {
            return CommonServerFiles(source: .downloaded, commonServerPython: csp, demistomock: mock, pythonPath: [settings.cacheDirectory])
        }
        return nil
    }

    /// Where the download would come from and go (for `flow doctor`).
    public static func downloadPlan(environment: [String: String]) -> (url: String, cache: String) {
        let settings = Settings(environment: environment)
        return (settings.baseURL, settings.cacheDirectory)
    }

    /// The files for a test run: found locally, or downloaded once into the cache. Exit 3 when
    /// neither works, saying exactly that and how to get them. `CommonServerUserPython.py`,
    /// which the content repository keeps empty on purpose, is added (empty, in
    /// `userModuleDirectory`) when none of the directories has one.
    public static func find(
        root: String, config: ProjectConfig, environment: [String: String],
        standInsDirectory: String, userModuleDirectory: String,
        runner: CommandRunning
    ) throws -> CommonServerFiles {
        try locate(root: root, config: config, environment: environment, standInsDirectory: standInsDirectory, runner: runner)
            .withUserModule(in: userModuleDirectory).withAPIModules(root: root, packsRoot: config.packsRoot)
    }

    /// The repository's shared modules, `Packs/ApiModules/Scripts/<X>ApiModule/<X>ApiModule.py`:
    /// demisto-sdk copies the one a component imports (`from HTTPFeedApiModule import *`) next to
    /// it before its tests run; flow puts each on the tests' path instead, so nothing is copied
    /// into the pack.
    func withAPIModules(root: String, packsRoot: String) -> CommonServerFiles {
        let base = root + "/" + packsRoot + "/ApiModules/Scripts"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        let directories = names.sorted().map { base + "/" + $0 }.filter {
            FileManager.default.fileExists(atPath: $0 + "/" + ($0 as NSString).lastPathComponent + ".py")
        }
        if directories.isEmpty { return self }
        return CommonServerFiles(
            source: source, commonServerPython: commonServerPython, demistomock: demistomock,
            pythonPath: CommonServerFiles.unique(pythonPath + directories))
    }

    func withUserModule(in directory: String) throws -> CommonServerFiles {
        let name = "CommonServerUserPython.py"
        if pythonPath.contains(where: { FileManager.default.fileExists(atPath: $0 + "/" + name) }) { return self }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: directory + "/" + name) {
                try Data().write(to: URL(fileURLWithPath: directory + "/" + name))
            }
        } catch {
            throw FlowError.invalid("cannot write \(directory)/\(name): \(error.localizedDescription)", hint: "check its permissions")
        }
        return CommonServerFiles(
            source: source, commonServerPython: commonServerPython, demistomock: demistomock,
            pythonPath: pythonPath + [directory])
    }

    static func locate(
        root: String, config: ProjectConfig, environment: [String: String],
        standInsDirectory: String, runner: CommandRunning
    ) throws -> CommonServerFiles {
        if let local = try local(root: root, config: config, environment: environment, standInsDirectory: standInsDirectory) {
            return local
        }
        let settings = Settings(environment: environment)
        var failures: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: settings.cacheDirectory, withIntermediateDirectories: true)
        } catch {
            failures.append("cannot create the cache \(settings.cacheDirectory): \(error.localizedDescription)")
        }
        if failures.isEmpty {
            for name in names {
                let url = settings.baseURL + "/" + name
                let target = settings.cacheDirectory + "/" + name
                let partial = target + ".partial-\(getpid())"
                defer { try? FileManager.default.removeItem(atPath: partial) }
                let fetch = [
                    "python3", "-c",
                    "import sys, urllib.request\nwith urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], 'wb') as f:\n    f.write(r.read())",
                    url, partial,
                ]
                let result = runner.run(fetch, in: root, environment: [:], timeoutSeconds: 120)
                if case .notStarted(let why) = result.outcome {
                    throw FlowError(.toolMissing, why, hint: "install Python 3.11 (apt-get install python3): the tests need it too")
                }
                guard result.succeeded else {
                    let why = result.output.split(separator: "\n").last.map(String.init) ?? "\(result.outcome)"
                    failures.append("downloading \(url) failed: \(why)")
                    break
                }
                let sum = sha256(of: partial) ?? ""
                guard sum == settings.sha256[name] else {
                    failures.append("\(url) has SHA-256 \(sum), not the pinned \(settings.sha256[name] ?? "?"): not used")
                    break
                }
                do {
                    if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
                    try FileManager.default.moveItem(atPath: partial, toPath: target)
                } catch {
                    failures.append("cannot write \(target): \(error.localizedDescription)")
                    break
                }
            }
        }
        if failures.isEmpty,
            let cached = try local(root: root, config: config, environment: environment, standInsDirectory: standInsDirectory)
        {
            return cached
        }
        throw FlowError(
            .toolMissing,
            "the unit tests need the real CommonServerPython.py and demistomock.py, and flow found none: "
                + "not in this repository (Packs/Base/Scripts/CommonServerPython/, Tests/demistomock/, or the root), "
                + "no commonServer in \(ConfigStore.relativePath), no cached download; " + failures.joined(separator: "; "),
            hint: "copy both files from the public content repository (Packs/Base/Scripts/CommonServerPython/CommonServerPython.py, "
                + "Tests/demistomock/demistomock.py) into the repository root or a directory named by `commonServer: DIR` in "
                + "\(ConfigStore.relativePath); or run again with network access to \(settings.baseURL); or, to run the tests "
                + "without them, set `commonServer: stand-ins` (empty modules: tests that use CommonServerPython fail)")
    }

    static func standIns(in directory: String) throws -> CommonServerFiles {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for name in names + ["CommonServerUserPython.py"] where !FileManager.default.fileExists(atPath: directory + "/" + name) {
                try Data().write(to: URL(fileURLWithPath: directory + "/" + name))
            }
        } catch {
            throw FlowError.invalid(
                "cannot write the stand-ins in \(directory): \(error.localizedDescription)", hint: "check its permissions")
        }
        return CommonServerFiles(
            source: .standIns, commonServerPython: directory + "/CommonServerPython.py",
            demistomock: directory + "/demistomock.py", pythonPath: [directory])
    }

    static func dir(_ path: String) -> String { (path as NSString).deletingLastPathComponent }

    static func unique(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }

    /// Names CommonServerPython defines that real tests use; a NameError of one of these under
    /// stand-ins means the stand-ins, not the code, are at fault.
    public static let commonNames = [
        "BaseClient", "CommandResults", "DemistoException", "return_results", "return_error",
        "tableToMarkdown", "arg_to_number", "arg_to_datetime", "argToList", "argToBoolean",
        "ScheduledCommand", "IncidentStatus", "Common", "DBotScoreType", "EntryType",
        "formats", "urljoin", "GetMappingFieldsResponse", "handle_proxy", "FeedIndicatorType",
    ]

    /// The line a test failure gets when stand-ins are in use and the output shows a NameError
    /// of a CommonServerPython name; nil otherwise.
    public func standInNote(for output: String) -> String? {
        guard source == .standIns else { return nil }
        let hit =
            Self.commonNames.first { output.contains("NameError: name '\($0)' is not defined") }
            ?? (output.contains("NameError") && output.contains("CommonServerPython") ? "a CommonServerPython name" : nil)
        guard let hit else { return nil }
        return "NameError of \(hit), which CommonServerPython.py defines: the tests ran with empty stand-ins "
            + "(commonServer: stand-ins in \(ConfigStore.relativePath)); remove that setting so flow uses the real files"
    }
}
