import FlowCore
import FlowGit
import Foundation

/// One prerequisite or known trap, checked.
public struct DoctorCheck: Codable, Equatable, Sendable {
    public enum Level: String, Codable, Sendable {
        case ok
        /// Works, but something will bite later.
        case warning
        /// Required and missing: flow cannot walk the lifecycle.
        case missing
    }

    public let name: String
    public let level: Level
    public let detail: String
    public let fix: String?
}

public struct DoctorReport: Codable, Equatable, Sendable {
    public let checks: [DoctorCheck]
    public var healthy: Bool { !checks.contains { $0.level == .missing } }
}

/// `flow doctor`: the tools the lifecycle needs and the demisto-sdk traps known to bite offline.
public struct Doctor {
    public var runner: CommandRunning
    public var environment: [String: String]

    public init(runner: CommandRunning = ProcessRunner(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.runner = runner
        self.environment = environment
    }

    func firstLine(_ argv: [String], in dir: String?) -> (ok: Bool, text: String) {
        var env = ["DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1", "CI": "true"]
        if let dir { env["DEMISTO_SDK_CONTENT_PATH"] = dir }
        let result = runner.run(argv, in: dir, environment: env, timeoutSeconds: 60)
        let line =
            result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("WARNING") } ?? ""
        switch result.outcome {
        case .exited(0): return (true, line)
        case .exited(let code): return (false, "exited \(code): \(line)")
        case .timedOut(let s): return (false, "did not answer within \(s) s")
        case .notStarted(let why): return (false, why)
        }
    }

    func tool(_ name: String, _ argv: [String], required: Bool, fix: String, in dir: String?) -> DoctorCheck {
        let (ok, text) = firstLine(argv, in: dir)
        if ok { return DoctorCheck(name: name, level: .ok, detail: text, fix: nil) }
        return DoctorCheck(name: name, level: required ? .missing : .warning, detail: text, fix: fix)
    }

    public func run(at directory: String?) -> DoctorReport {
        var checks: [DoctorCheck] = []
        let repository = try? Repository.discover(from: directory)
        let root = repository?.workDirectory
        checks.append(tool("git", ["git", "--version"], required: true, fix: "apt-get install git", in: root))
        checks.append(python())
        checks.append(
            tool(
                "demisto-sdk", ["demisto-sdk", "--version"], required: true,
                fix: "in a virtual environment: python3 -m pip install 'demisto-sdk==1.39.13'", in: root))
        checks.append(tool("ruff", ["ruff", "--version"], required: true, fix: "python3 -m pip install ruff", in: root))
        checks.append(
            tool(
                "pytest", ["python3", "-m", "pytest", "--version"], required: true,
                fix: "python3 -m pip install pytest==9.2.0 pytest-mock==3.17.0 requests-mock==1.12.1 freezegun==1.5.5", in: root))
        let config = root.flatMap { try? ConfigStore.load(root: $0) }
        checks.append(images(root: root, config: config))
        checks += repositoryChecks(repository, directory: directory)
        if let root, let repository {
            checks.append(testRequirements(root: root, storeDirectory: repository.commonDirectory + "/flow"))
        }
        if let root { checks.append(commonServer(root: root, gitDirectory: repository?.gitDirectory)) }
        checks.append(validationConfig(root: root))
        checks += environmentChecks(repository)
        return DoctorReport(checks: checks)
    }

    func python() -> DoctorCheck {
        let (ok, text) = firstLine(["python3", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], in: nil)
        guard ok else {
            return DoctorCheck(name: "python3", level: .missing, detail: text, fix: "apt-get install python3 python3-venv")
        }
        let parts = text.split(separator: ".").compactMap { Int($0) }
        if parts.count >= 2, (parts[0], parts[1]) >= (3, 10), (parts[0], parts[1]) < (3, 15) {
            return DoctorCheck(name: "python3", level: .ok, detail: text, fix: nil)
        }
        return DoctorCheck(
            name: "python3", level: .missing, detail: "\(text) (demisto-sdk needs 3.10 to 3.14)",
            fix: "install Python 3.10+ (apt-get install python3.11)")
    }

    func repositoryChecks(_ repository: Repository?, directory: String?) -> [DoctorCheck] {
        guard let repository else {
            return [
                DoctorCheck(
                    name: "repository", level: .warning,
                    detail: "not inside a git repository (\(directory ?? FileManager.default.currentDirectoryPath))",
                    fix: "run flow in your content repository, or create one with git init")
            ]
        }
        var checks: [DoctorCheck] = []
        let remotes = (try? repository.remoteNames()) ?? []
        if remotes.contains("origin") {
            let url = (try? repository.remoteURL("origin")).flatMap { $0 } ?? "?"
            checks.append(DoctorCheck(name: "origin", level: .ok, detail: url, fix: nil))
        } else {
            checks.append(
                DoctorCheck(
                    name: "origin", level: .warning, detail: "no origin remote: demisto-sdk validate -g needs one",
                    fix: "git remote add origin URL"))
        }
        let config = repository.workDirectory.flatMap { try? ConfigStore.load(root: $0) }
        let main = config?.mainBranch ?? "main"
        if (try? repository.resolveCommit("refs/heads/\(main)")) != nil || (try? repository.resolveCommit("origin/\(main)")) != nil {
            checks.append(DoctorCheck(name: "default branch", level: .ok, detail: main, fix: nil))
        } else {
            checks.append(
                DoctorCheck(
                    name: "default branch", level: .warning, detail: "no branch \(main) with commits yet",
                    fix: "commit on \(main) first (git switch -c \(main))"))
        }
        if repository.isShallow {
            checks.append(
                DoctorCheck(
                    name: "shallow clone", level: .warning,
                    detail: "history and tags are incomplete: release checks cannot see them",
                    fix: "git fetch --unshallow --tags origin"))
        }
        if case .detached(let commit)? = try? repository.head() {
            checks.append(
                DoctorCheck(
                    name: "HEAD", level: .warning, detail: "detached at \(commit.prefix(12))",
                    fix: "switch to \(main) (git switch \(main)) or start a feature (flow feature start NAME)"))
        }
        if let config { checks.append(hooks(repository, config: config)) }
        return checks
    }

    /// flow's git hooks in this clone: installed for this binary, missing or stale, or left to
    /// another manager (husky: what to add; lefthook and others: chained, theirs run first).
    func hooks(_ repository: Repository, config: ProjectConfig) -> DoctorCheck {
        let installer = HooksInstaller(repository: repository)
        let health: HooksHealth
        do {
            health = try installer.health()
        } catch {
            return DoctorCheck(
                name: "git hooks", level: .warning, detail: FlowError.from(error)?.description ?? "\(error)",
                fix: "flow hooks status")
        }
        let manual = config.hooksAreManual ? " (hooks: manual)" : ""
        if let manager = health.manager, !manager.chains {
            if manager.missing.isEmpty {
                return DoctorCheck(
                    name: "git hooks", level: .ok,
                    detail: "\(manager.name) (core.hooksPath \(manager.directory)) calls flow hook in each hook\(manual)", fix: nil)
            }
            return DoctorCheck(
                name: "git hooks", level: .warning,
                detail: "\(manager.name) owns the hooks (core.hooksPath \(manager.directory)); "
                    + "\(manager.missing.joined(separator: ", ")) do not call flow, and flow will not rewrite them",
                fix: manager.advice)
        }
        let chained = health.manager.map { " and chained to \($0.name)'s hooks in \($0.directory), which run first" } ?? ""
        if health.healthy {
            return DoctorCheck(
                name: "git hooks", level: .ok,
                detail: "installed (\(HooksInstaller.names.joined(separator: ", ")))\(chained)\(manual)", fix: nil)
        }
        var what: [String] = []
        if !health.missing.isEmpty { what.append("missing: \(health.missing.joined(separator: ", "))") }
        if !health.stale.isEmpty {
            what.append("stale (not flow's, edited, or for another flow binary): \(health.stale.joined(separator: ", "))")
        }
        return DoctorCheck(
            name: "git hooks", level: .warning,
            detail: what.joined(separator: "; ") + ": nothing is checked at commit\(manual)", fix: "flow hooks install")
    }

    /// The Docker images the packs' integrations and scripts name (`dockerimage`), the container
    /// engine on PATH, and where the tests run: on the host, or in those images (`testsInImage: true`).
    func images(root: String?, config: ProjectConfig?) -> DoctorCheck {
        var named: [String: [String]] = [:]
        var without: [String] = []
        if let root {
            let packsRoot = root + "/" + (config?.packsRoot ?? "Packs")
            let fm = FileManager.default
            for pack in ((try? fm.contentsOfDirectory(atPath: packsRoot)) ?? []).sorted() where !pack.hasPrefix(".") {
                for kind in ["Integrations", "Scripts"] {
                    let base = "\(packsRoot)/\(pack)/\(kind)"
                    for name in ((try? fm.contentsOfDirectory(atPath: base)) ?? []).sorted() where !name.hasPrefix(".") {
                        let component = ComponentImage.read(directory: base + "/" + name)
                        guard component.yaml != nil else { continue }
                        if let image = component.image {
                            named[image, default: []].append("\(pack)/\(name)")
                        } else {
                            without.append("\(pack)/\(name)")
                        }
                    }
                }
            }
        }
        var parts: [String] = []
        if !named.isEmpty {
            parts.append(
                "the packs name " + named.keys.sorted().map { "\($0) (\(named[$0]!.joined(separator: ", ")))" }.joined(separator: ", "))
        }
        if !without.isEmpty { parts.append("no dockerimage in \(without.joined(separator: ", "))") }
        let listed = parts.isEmpty ? "" : parts.joined(separator: "; ") + "; "
        let engine = ComponentImage.engine(path: environment["PATH"])
        let optedIn = config?.testsInImage == true
        switch (engine, optedIn) {
        case (let engine?, true):
            return DoctorCheck(
                name: "docker", level: without.isEmpty ? .ok : .missing,
                detail: "\(listed)the tests run in these images via \(engine.name) (testsInImage: true)",
                fix: without.isEmpty ? nil : "add `dockerimage: demisto/python3:TAG` to the YAML of \(without.joined(separator: ", "))")
        case (nil, true):
            return DoctorCheck(
                name: "docker", level: .missing,
                detail: "\(listed)testsInImage: true, but neither docker nor podman is on PATH: the test phase stops",
                fix: "install Docker or Podman, or take `testsInImage: true` out of \(ConfigStore.relativePath)")
        case (let engine?, false):
            return DoctorCheck(
                name: "docker", level: .ok,
                detail: "\(listed)\(engine.name) is on PATH; the tests run on the host with the tools' Python "
                    + "(testsInImage: true in \(ConfigStore.relativePath) runs them in these images, as demisto-sdk does)",
                fix: nil)
        case (nil, false):
            return DoctorCheck(
                name: "docker", level: .warning,
                detail: "\(listed)no container engine (docker, podman) on PATH: the tests run on the host with the tools' "
                    + "Python, which has none of the images' libraries beyond \(TestRequirements.relativePath)",
                fix: "to test in the images as demisto-sdk does: install Docker or Podman, then set testsInImage: true in "
                    + "\(ConfigStore.relativePath)")
        }
    }

    /// The repository's test requirements and whether this clone has them installed.
    func testRequirements(root: String, storeDirectory: String) -> DoctorCheck {
        let name = "test requirements"
        let list: TestRequirements?
        do {
            list = try TestRequirements.load(root: root)
        } catch let error as FlowError {
            return DoctorCheck(name: name, level: .missing, detail: error.message, fix: error.hint)
        } catch {
            return DoctorCheck(name: name, level: .missing, detail: "\(error)", fix: nil)
        }
        guard let list else {
            return DoctorCheck(
                name: name, level: .ok,
                detail: "none (\(TestRequirements.relativePath) pins nothing): the tests import what the tools' Python has", fix: nil)
        }
        let (ok, python) = firstLine(["python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], in: nil)
        if ok, let directory = list.installed(storeDirectory: storeDirectory, pythonVersion: python) {
            return DoctorCheck(
                name: name, level: .ok, detail: "\(list.pins.joined(separator: ", ")) (\(list.file)), installed in \(directory)",
                fix: nil)
        }
        return DoctorCheck(
            name: name, level: .missing,
            detail: "\(list.pins.joined(separator: ", ")) (\(list.file)): not installed in this clone\(ok ? " for Python \(python)" : "")",
            fix: TestRequirements.installCommand)
    }

    /// Which CommonServerPython.py / demistomock.py the test phase will use; nothing is downloaded here.
    func commonServer(root: String, gitDirectory: String?) -> DoctorCheck {
        let config = (try? ConfigStore.load(root: root)).flatMap { $0 } ?? ProjectConfig()
        do {
            if let files = try CommonServerFiles.local(
                root: root, config: config, environment: environment,
                standInsDirectory: (gitDirectory ?? root + "/.git") + "/flow/python-stand-ins")
            {
                return DoctorCheck(
                    name: "CommonServerPython", level: files.source == .standIns ? .warning : .ok, detail: files.summary,
                    fix: files.source == .standIns
                        ? "remove `commonServer: stand-ins` from .flow/config.yml to test against the real files" : nil)
            }
        } catch let error as FlowError {
            return DoctorCheck(name: "CommonServerPython", level: .missing, detail: error.message, fix: error.hint)
        } catch {
            return DoctorCheck(name: "CommonServerPython", level: .missing, detail: "\(error)", fix: nil)
        }
        let plan = CommonServerFiles.downloadPlan(environment: environment)
        return DoctorCheck(
            name: "CommonServerPython", level: .warning,
            detail: "none in the repository or the cache: the test phase downloads it once from \(plan.url) into \(plan.cache)",
            fix:
                "without network, copy CommonServerPython.py and demistomock.py into the repository root or set `commonServer: DIR` in .flow/config.yml"
        )
    }

    /// The demisto-sdk validation configuration the validate action passes.
    func validationConfig(root: String?) -> DoctorCheck {
        if let root, let own = ValidationConfig.repositoryOwn(root: root) {
            return DoctorCheck(name: "validation config", level: .ok, detail: "the repository's own: \(own)", fix: nil)
        }
        if let dir = environment["FLOW_RESOURCES_DIR"], !dir.isEmpty {
            return DoctorCheck(
                name: "validation config", level: .ok, detail: "flow's offline set from \(dir)/\(ValidationConfig.shippedName)", fix: nil)
        }
        return DoctorCheck(
            name: "validation config", level: .ok,
            detail: "flow's offline set (built in; docs/actions.md lists its checks)", fix: nil)
    }

    func environmentChecks(_ repository: Repository?) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        if environment["DEMISTO_SDK_OFFLINE_ENV"].map({ !$0.isEmpty && $0 != "false" }) == true {
            checks.append(
                DoctorCheck(
                    name: "DEMISTO_SDK_OFFLINE_ENV", level: .warning,
                    detail: "set: demisto-sdk validate, format and update-release-notes refuse to run",
                    fix: "take it out of the environment (unset DEMISTO_SDK_OFFLINE_ENV): CI=true is enough to skip the version check"))
        }
        let platform = repository?.workDirectory.flatMap { try? ConfigStore.load(root: $0) }?.platform
        let hasAuthID = environment["XSIAM_AUTH_ID"].map { !$0.isEmpty } ?? false
        if hasAuthID, platform == "xsoar6" {
            checks.append(
                DoctorCheck(
                    name: "XSIAM_AUTH_ID", level: .warning,
                    detail: "set, but the platform is XSOAR 6, which uses the API key alone",
                    fix:
                        "take it out of the environment (unset XSIAM_AUTH_ID), or change the platform: flow init --platform xsoar8 or xsiam"
                ))
        } else if !hasAuthID, platform == "xsoar8" || platform == "xsiam" {
            checks.append(
                DoctorCheck(
                    name: "XSIAM_AUTH_ID", level: .warning,
                    detail: "not set: uploads to XSOAR 8 / XSIAM need the API key id",
                    fix: "set the key id before flow deploy: export XSIAM_AUTH_ID=KEY_ID"))
        }
        return checks
    }
}
