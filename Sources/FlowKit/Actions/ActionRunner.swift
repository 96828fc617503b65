import FlowCore
import FlowGit
import Foundation

/// What one run (or skip) of a phase action said, per pack.
public struct ActionReport: Codable, Equatable, Sendable {
    public enum Result: String, Codable, Sendable { case passed, failed, skipped }
    public let phase: String
    public let check: String?
    public let pack: String?
    /// The pack directory's work-tree tree id the commands ran on.
    public let tree: String?
    public let result: Result
    public let tool: String
    public let toolVersion: String?
    /// The command that failed, or the last one run.
    public let command: [String]
    public let seconds: Double
    /// One line for humans.
    public let message: String
    /// The tool's output, for a failure (the log has all of it).
    public let output: String?
    public let log: String?
}

/// Runs a phase's action once per configured pack, keeps the log, and records the result as
/// evidence bound to the pack directory's tree id.
public struct ActionRunner {
    public let project: Project
    public let runner: CommandRunning
    public let progress: ActionProgress
    /// What "the change" is measured against (the lint targets, `findings: changed-lines`): a
    /// revision; nil is the main branch, where the branch left it. `flow verify checks` passes
    /// the range's base, so CI measures the same change the desk did.
    public var changeBase: String?
    /// The test requirements that judge: nil reads the work tree's `.flow/test-requirements.txt`;
    /// `flow verify checks` passes the base branch's list (`.some(nil)`: the base has none).
    public var testRequirements: TestRequirements??

    public init(
        project: Project, runner: CommandRunning, progress: ActionProgress, changeBase: String? = nil,
        testRequirements: TestRequirements?? = nil
    ) {
        self.project = project
        self.runner = runner
        self.progress = progress
        self.changeBase = changeBase
        self.testRequirements = testRequirements
    }

    var changeBaseSpec: String { changeBase ?? "refs/heads/\(project.config.mainBranch)" }

    /// How to install the tools the default workflows use.
    static func installHint(_ tool: String) -> String {
        switch tool {
        case let t where t.contains("pytest"):
            return "in the Python flow runs with: pip install pytest==9.2.0 pytest-mock==3.17.0 requests-mock==1.12.1 freezegun==1.5.5"
        case let t where t.hasPrefix("ruff"): return "pip install ruff==0.17.6"
        case let t where t.hasPrefix("demisto-sdk"): return "pip install demisto-sdk==1.39.13"
        case let t where t.hasPrefix("python"): return "install Python 3.11 (apt-get install python3)"
        default: return "install \(tool) or put it on PATH; `flow doctor` lists the prerequisites"
        }
    }

    public func run(_ action: PhaseAction, phase: String, branch: String, force: Bool) throws -> [ActionReport] {
        try project.checkPackNames()
        try createStubs(action.stubs)
        guard action.perPack else { return [try runOnce(action, phase: phase, pack: nil, branch: branch, force: force)] }
        if project.config.packs.isEmpty {
            throw FlowError.invalid(
                "the action of phase \(phase) runs per pack, but no pack is configured",
                hint: "add the pack: flow init --pack NAME, or list it under packs: in .flow/config.yml")
        }
        var reports: [ActionReport] = []
        for pack in project.config.packs {
            reports.append(try runOnce(action, phase: phase, pack: pack, branch: branch, force: force))
        }
        return reports
    }

    func packTree(_ packDir: String) throws -> String? {
        do {
            return try project.workTree.treeID(of: packDir)
        } catch let error as GitError {
            throw FlowError(error, doing: "hashing \(packDir)")
        }
    }

    /// `packsRoot`: where the pack is when not under the configured root (`flow verify checks`
    /// judges the packs under the base's root and the tip's).
    func runOnce(
        _ action: PhaseAction, phase: String, pack: String?, branch: String, force: Bool,
        packsRoot: String? = nil
    ) throws -> ActionReport {
        // Asked afresh for each run: what ran before it in this process (another check, a
        // checkout restored by `flow verify checks`) may have written files.
        project.workTree.invalidate()
        let root = project.root
        let packDir = pack.map { "\(packsRoot ?? project.config.packsRoot)/\($0)" }
        let substituted = substitute(action.commands, pack: pack, packDir: packDir)
        var environment = action.environment.mapValues { PhaseAction.substitute($0, pack: pack, packDir: packDir, root: root) }
        // nil: a command whose `{lintTargets}` came out empty, which does not run.
        let expanded = try substituted.map { try expandTokens($0, packDir: packDir) }
        let argvs = zip(substituted, expanded).map { $1 ?? $0 }
        let tools = argvs.map { PhaseAction.toolArgv($0).joined(separator: " ") }
        let runs = plannedRuns(expanded, tools: tools, packDir: packDir)
        var uniqueTools: [String] = []
        for tool in tools where !uniqueTools.contains(tool) { uniqueTools.append(tool) }
        let toolName = uniqueTools.joined(separator: " + ")
        let label = action.check ?? phase
        // What the run needs beyond the tree (the test requirements, the component images) and the
        // words the evidence keeps for it (`ranWith`): a different list or place is a different run.
        let setting = try testSetting(action, runs: runs)

        let tree: String? = try packDir.map { dir in
            // A file git hides (assume-unchanged, skip-worktree) is run on from disk but hashed
            // from the index: the evidence would name a tree the tools never saw.
            let hidden = (try? project.repository.hiddenIndexEntries(under: dir))?.filter { $0.why != .intentToAdd } ?? []
            if let (path, why) = hidden.first {
                throw FlowError.invalid(
                    "\(path) is marked \(why.rawValue): git hides its work-tree file, so evidence for \(dir) "
                        + "would name content the \(label) did not run on",
                    hint: why.unhide(path))
            }
            // Python loads what is on disk, committed or not: an ignored conftest.py or module in
            // the pack would decide a run that CI, on a fresh clone, never sees.
            let ignored = ((try? project.repository.ignoredFiles(under: dir)) ?? []).filter(Self.loadedButIgnored)
            if let first = ignored.first {
                throw FlowError.invalid(
                    "\(first)\(ignored.count > 1 ? " (and \(ignored.count - 1) more)" : "") is ignored by git, but "
                        + "\(label) would load it: the evidence would be for code no commit carries",
                    hint: "move it out of \(dir), or stop ignoring it and commit it")
            }
            guard let id = try packTree(dir) else {
                throw FlowError.invalid(
                    "\(dir) has no files: nothing to \(label)", hint: "create the pack (flow init --pack \(pack ?? ""))")
            }
            return id
        }
        if let check = action.check, let pack, let tree, !force,
            // The freshness rule evidence.fresh applies: skipped only when this branch's newest run of
            // the check is a pass on this tree (after an edit and a revert it runs once more).
            let done = try project.store.loadEvidence().fresh(check: check, pack: pack, tree: tree, branch: branch),
            done.ranWith == setting.ranWith
        {
            return ActionReport(
                phase: phase, check: check, pack: pack, tree: tree, result: .skipped, tool: done.tool,
                toolVersion: done.toolVersion, command: argvs.last ?? [], seconds: 0,
                message: "\(check): unchanged since it passed at \(done.recordedAt) (tree \(tree.prefix(12))), not re-run",
                output: nil, log: done.log)
        }

        // Looked up only when a command will run (not for a check skipped above, nor for a pack
        // without Python, which needs no CommonServerPython).
        var commonServer: CommonServerFiles?
        if !runs.isEmpty, environment.values.contains(where: { $0.contains(Self.commonServerToken) }) {
            let files = try CommonServerFiles.find(
                root: root, config: project.config, environment: ProcessInfo.processInfo.environment,
                standInsDirectory: project.store.directory + "/python-stand-ins",
                userModuleDirectory: project.store.directory + "/python-user", runner: runner)
            commonServer = files
            environment = environment.mapValues {
                $0.replacingOccurrences(of: Self.commonServerToken, with: files.pythonPath.joined(separator: ":"))
            }
        }
        if environment.values.contains(where: { $0.contains(TestRequirements.token) }) {
            let directory = runs.isEmpty ? nil : try setting.requirements.map { try installedRequirements($0) }
            environment = environment.mapValues { $0.replacingOccurrences(of: TestRequirements.token, with: directory ?? "") }
        }
        // In an image, the image holds the pack's libraries (the user's PYTHONPATH and the test
        // requirements are the host's); flow adds its pytest set and the CommonServerPython copies.
        var imageEnvironment = environment
        if setting.inImage, !runs.isEmpty {
            let pytest = try installedRequirements(ComponentImage.pytestSet, pythonVersion: "any")
            let own = (commonServer?.pythonPath ?? []) + [pytest]
            imageEnvironment["PYTHONPATH"] = own.joined(separator: ":")
        }
        // The workflow's PYTHONPATH comes first; the user's own (where a pack's dependencies live)
        // stays after it instead of being replaced.
        if let own = environment["PYTHONPATH"], let user = ProcessInfo.processInfo.environment["PYTHONPATH"], !user.isEmpty {
            environment["PYTHONPATH"] = own.isEmpty ? user : own + ":" + user
        }
        // An empty entry (a token with nothing to add) would put the working directory on the path.
        if let path = environment["PYTHONPATH"] {
            environment["PYTHONPATH"] = path.split(separator: ":").joined(separator: ":")
        }
        let stamp = Self.stamp()
        let logPath = "\(project.store.logsDirectory)/\(label)-\(pack ?? "all")-\(stamp).log"
        var log = "flow \(phase) action\(pack.map { " for \($0)" } ?? "") at \(Project.now())\n"
        log += "directory: \(root)\n" + (tree.map { "tree: \($0)\n" } ?? "")
        if !environment.isEmpty {
            log += "environment: \(environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }.joined(separator: " "))\n"
        }

        let started = Date()
        var passed = true
        var lastCommand: [String] = []
        var failureOutput: String?
        var summary = ""
        if let commonServer { log += "CommonServerPython: \(commonServer.summary)\n" }
        if let ranWith = setting.ranWith { log += "ran: \(ranWith)\n" }
        // One progress line per phase and pack, naming every tool it runs (lint: ruff check + ruff format).
        var shown: [String] = []
        for (argv, _, _) in runs {
            var words = PhaseAction.toolArgv(argv)
            if words.count == 1, argv.count > 1, !argv[1].hasPrefix("-"), !argv[1].contains("/"), !argv[1].contains("{") {
                words.append(argv[1])
            }
            let name = words.joined(separator: " ")
            if !shown.contains(name) { shown.append(name) }
        }
        progress.started(phase: phase, tool: shown.joined(separator: " + "), pack: pack)
        defer { progress.finished() }
        var ran = 0
        // `findings: changed-lines` in a pack already on main: what a failing command found on
        // lines this change did not touch is the pack's debt (counted, shown, not failing).
        let scope =
            try action.findings == .changedLines
            ? packDir.flatMap {
                try ChangedLineScope.make(project: project, since: changeBaseSpec, packDir: $0)
            } : nil
        var debt = 0
        var filteredOutput: String?
        // pytest's runs, judged together after the loop by the one rule CI also applies.
        var tests = TestRunRule()
        var testOutput = ""
        for (argv, tool, directory) in runs {
            lastCommand = argv
            ran += 1
            var command = argv
            var commandEnvironment = environment
            if setting.inImage, let engine = setting.engine, let image = setting.images[directory] {
                // The engine gets the variables with -e; its own process keeps flow's environment.
                command = ComponentImage.wrap(
                    argv, engine: engine, image: image, root: root, workdir: directory, environment: imageEnvironment)
                commandEnvironment = [:]
            }
            let result = runner.run(command, in: directory, environment: commandEnvironment, timeoutSeconds: action.timeoutSeconds)
            project.workTree.invalidate()  // the command may have written files
            log +=
                "\n$ \(directory == root ? "" : "(in \(directory)) ")\(command.joined(separator: " "))\n\(result.output)\(result.output.hasSuffix("\n") || result.output.isEmpty ? "" : "\n")"
            log += "-> \(result.outcome)\n"
            switch result.outcome {
            case .notStarted(let why):
                try? writeLog(log, to: logPath)
                throw FlowError(
                    .toolMissing, "\(label)\(pack.map { " [\($0)]" } ?? ""): \(why)",
                    hint: Self.installHint(argv[0].hasPrefix("python") ? argv[0] : tool))
            case .exited(let code) where code != 0 && Self.missingModule(result.output, tool: tool):
                try? writeLog(log, to: logPath)
                throw FlowError(
                    .toolMissing, "\(label)\(pack.map { " [\($0)]" } ?? ""): \(tool) is not installed (\(argv[0]) says: no module)",
                    hint: Self.installHint(tool))
            case .exited(0):
                if tool.contains("pytest") {
                    tests.add(exitCode: 0, output: result.output)
                    testOutput = result.output
                }
                continue
            case .exited(5) where tool.contains("pytest"):
                // pytest's "no tests collected": not a crash; TestRunRule judges it with the other runs.
                tests.add(exitCode: 5, output: result.output)
                testOutput = result.output
                continue
            case .exited(let code):
                let findings = scope == nil ? [] : ToolFindings.parse(result.output)
                let (new, known) = ToolFindings.split(findings, changed: { scope?.lines($0) })
                if scope != nil {
                    log += "-> \(new.count) finding(s) on lines this change touched, \(known.count) on lines it did not (debt)\n"
                }
                if !findings.isEmpty, new.isEmpty {
                    debt += known.count
                    continue
                }
                if !new.isEmpty {
                    summary =
                        "\(label) failed: `\(argv.joined(separator: " "))` found \(new.count) problem(s) on lines this change "
                        + "adds or modifies\(known.isEmpty ? "" : " (\(known.count) more on lines it did not touch: the pack's debt)")"
                    filteredOutput = new.map(\.text).joined(separator: "\n") + "\n"
                } else {
                    summary =
                        "\(label) failed: `\(argv.joined(separator: " "))`\(directory == root ? "" : " in \(directory)") exited with \(code)"
                    if let note = commonServer?.standInNote(for: result.output) { summary += "\n  \(note)" }
                }
                if action.findings != nil, !action.fix.isEmpty, let pack { summary += "\n  fix: flow fix --pack \(pack)" }
            case .timedOut(let seconds):
                summary =
                    "\(label) failed: `\(argv.joined(separator: " "))` did not finish within \(seconds)s (raise `timeout:` in the workflow)"
            }
            passed = false
            failureOutput = filteredOutput ?? result.output
            break
        }
        if passed, tests.runs > 0, let packDir,
            let problem = tests.problem(packDir: packDir, hasPythonSources: TestRunRule.hasPythonSources(root: root, packDir: packDir))
        {
            passed = false
            summary = "\(label) failed: \(problem)"
            failureOutput = testOutput
        }
        let seconds = Date().timeIntervalSince(started)
        var message =
            passed
            ? "\(label) passed (\(toolName), \(String(format: "%.1f", seconds))s\(tests.runs > 0 ? ": \(tests.tally)" : ""))" : summary
        if passed, ran > 0, let ranWith = setting.ranWith { message += " \(ranWith)" }
        if passed, debt > 0 {
            message += "; \(debt) finding(s) on lines this change did not touch are the pack's debt (listed in the log)"
        }
        if passed && ran == 0 {
            let why =
                argvs.contains { $0.contains { $0.contains(Self.componentToken) } }
                ? "no Python sources in the pack" : "no Python file changed"
            message = "\(label) passed: nothing to \(label) (\(why))"
        }
        // A check that changes what it judges fails, here as in `flow verify checks`: what a test
        // rewrites is what lint would then read.
        if let packDir, let tree, let after = try? packTree(packDir), after != tree {
            passed = false
            message =
                "\(label) failed: the commands changed \(packDir) (tree \(tree.prefix(12)) -> \(after.prefix(12))): a check "
                + "must leave the content it judges as it found it (git status shows what changed; a file a tool generates "
                + "belongs in .gitignore)"
        }
        try writeLog(log + "\nresult: \(passed ? "passed" : "failed")\(tests.runs > 0 ? " (\(tests.tally))" : "")\n", to: logPath)
        let version = toolVersion(argvs.first ?? [], environment: environment)
        // A one-off `--workflow` run answers a question; it records no evidence the hooks would trust.
        if project.workflowIsOneOff, action.check != nil {
            message += " (a one-off --workflow run: not recorded as evidence)"
        }
        if let check = action.check, let pack, let tree, !project.workflowIsOneOff {
            let record = EvidenceRecord(
                check: check, pack: pack, tree: tree, passed: passed, tool: toolName, toolVersion: version,
                branch: branch, recordedAt: Project.now(), log: logPath, ranWith: setting.ranWith)
            _ = try project.store.updateEvidence { $0.add(record) }
            if passed { project.recordContentVerdict(pack: pack, tree: tree) }
        }
        return ActionReport(
            phase: phase, check: action.check, pack: pack, tree: tree, result: passed ? .passed : .failed,
            tool: toolName, toolVersion: version, command: lastCommand, seconds: seconds, message: message,
            output: failureOutput.map { Self.tail(ToolNoise.clean($0)) }, log: logPath)
    }

    /// How a run of `action` is made beyond its commands: the test requirements it puts on
    /// PYTHONPATH (`{testRequirementsPath}`), and for per-component commands under
    /// `testsInImage: true` the engine and each component's image. Fails closed: opted in without an
    /// engine on PATH, or a component whose YAML names no `dockerimage`.
    struct TestSetting {
        var requirements: TestRequirements?
        var inImage = false
        var engine: String?
        /// Component directory to its image.
        var images: [String: String] = [:]
        /// For the evidence and the message: `on the host, with test requirements a==1` /
        /// `in demisto/python3:3.10.14.100715 via docker`; nil for an action that runs no tests.
        var ranWith: String?
    }

    func testSetting(_ action: PhaseAction, runs: [([String], String, String)]) throws -> TestSetting {
        var setting = TestSetting()
        let usesRequirements = action.environment.values.contains { $0.contains(TestRequirements.token) }
        let perComponent = action.commands.contains { $0.contains { $0.contains(Self.componentToken) } }
        guard usesRequirements || perComponent else { return setting }
        if usesRequirements {
            setting.requirements = try testRequirements ?? TestRequirements.load(root: project.root)
        }
        setting.inImage = perComponent && project.config.testsInImage == true
        guard setting.inImage else {
            setting.ranWith = "on the host" + (setting.requirements.map { ", with \($0.summary)" } ?? "")
            return setting
        }
        let directories = Array(Set(runs.map(\.2))).sorted()
        guard !directories.isEmpty else {
            setting.ranWith = "in each component's image"
            return setting
        }
        guard let engine = ComponentImage.engine(path: ProcessInfo.processInfo.environment["PATH"]) else {
            throw FlowError(
                .toolMissing,
                "\(ConfigStore.relativePath) says testsInImage: true, but neither docker nor podman is on PATH: "
                    + "the tests cannot run in their images",
                hint: "install Docker or Podman and put it on PATH, or take `testsInImage: true` out of "
                    + "\(ConfigStore.relativePath) to run the tests on the host")
        }
        setting.engine = engine.name
        for directory in directories {
            let component = ComponentImage.read(directory: directory)
            guard let image = component.image else {
                let shown = (component.yaml ?? directory).replacingOccurrences(of: project.root + "/", with: "")
                throw FlowError.invalid(
                    "\(shown) names no dockerimage: with testsInImage: true its tests run in the image its YAML names",
                    hint: "add the image the component runs in, `dockerimage: demisto/python3:TAG` (under `script:` "
                        + "for an integration, at the top for a script)")
            }
            setting.images[directory] = image
        }
        let images = Array(Set(setting.images.values)).sorted()
        setting.ranWith = "in \(images.joined(separator: ", ")) via \(engine.name)"
        return setting
    }

    /// Where `requirements` are installed for the tests' Python; fails closed with the command
    /// that installs them.
    func installedRequirements(_ requirements: TestRequirements, pythonVersion: String? = nil) throws -> String {
        let python = try pythonVersion ?? TestRequirements.pythonVersion(runner: runner)
        guard let directory = requirements.installed(storeDirectory: project.store.directory, pythonVersion: python) else {
            throw requirements.notInstalled(pythonVersion: python)
        }
        return directory
    }

    /// An ignored file Python would import or pytest would read, but for the runtime modules
    /// demisto-sdk copies next to the code (the real ones are found by `{commonServerPath}`).
    static func loadedButIgnored(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if ["CommonServerPython.py", "CommonServerUserPython.py", "demistomock.py", "DemistoClassApiModule.py"].contains(name) {
            return false
        }
        return name.hasSuffix(".py") || name.hasSuffix(".pth") || ["pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini"].contains(name)
    }

    /// `{pack}`, `{packDir}`, `{root}` and `{lintConfig}` (the repository's ruff configuration,
    /// else flow's shipped Resources/lint/ruff.toml) replaced in each argument: the check's
    /// commands and its `fix:` commands alike.
    func substitute(_ commands: [[String]], pack: String?, packDir: String?) -> [[String]] {
        let root = project.root
        let lintConfig = ShippedResources.ruffConfig(root: root) ?? "\(root)/ruff.toml"
        return commands.map {
            $0.map {
                PhaseAction.substitute($0, pack: pack, packDir: packDir, root: root)
                    .replacingOccurrences(of: "{lintConfig}", with: lintConfig)
            }
        }
    }

    static let commonServerToken = "{commonServerPath}"
    static let componentToken = "{componentDir}"
    static let lintTargetsToken = "{lintTargets}"

    /// Tokens that stand for several arguments (or none) or need a lookup: `{lintTargets}`,
    /// `{validationConfig}`. `{componentDir}` is left for `plannedRuns`. nil
    /// when `{lintTargets}` names no file: the command has nothing to look at.
    func expandTokens(_ argv: [String], packDir: String?) throws -> [String]? {
        var out: [String] = []
        for arg in argv {
            switch arg {
            case Self.lintTargetsToken:
                let targets = try lintTargets(packDir: packDir)
                if targets.isEmpty { return nil }
                out += targets
            case ValidationConfig.token: out.append(try ValidationConfig.resolve(root: project.root))
            default: out.append(arg)
            }
        }
        return out
    }

    /// The pack's Python files this change touched (against the merge-base with main, committed,
    /// staged or in the work tree); the whole pack with FLOW_LINT_ALL=1 or when there is no main.
    func lintTargets(packDir: String?) throws -> [String] {
        guard let packDir else { return [] }
        if ProcessInfo.processInfo.environment["FLOW_LINT_ALL"] == "1" { return [packDir] }
        let repository = project.repository
        do {
            guard var touched = try repository.changedPaths(since: changeBaseSpec) else { return [packDir] }
            for entry in try repository.status(pathspec: packDir) where entry.unstaged || entry.untracked { touched.append(entry.path) }
            var seen: Set<String> = []
            return touched.filter { $0.hasPrefix(packDir + "/") && $0.hasSuffix(".py") && seen.insert($0).inserted }
                .filter { FileManager.default.fileExists(atPath: project.root + "/" + $0) }.sorted()
        } catch let error as GitError {
            throw FlowError.invalid("cannot list the changed files: \(error.message)", hint: "run `flow doctor`")
        }
    }

    /// The commands to run and where: a command with `{componentDir}` runs once in each of the
    /// pack's integration and script directories holding Python (as demisto-sdk runs pytest);
    /// one whose `{lintTargets}` came out empty does not run; the rest run at the root.
    func plannedRuns(_ argvs: [[String]?], tools: [String], packDir: String?) -> [([String], String, String)] {
        var runs: [([String], String, String)] = []
        for (argv, tool) in zip(argvs, tools) {
            guard let argv else { continue }
            if argv.contains(where: { $0.contains(Self.componentToken) }) {
                for directory in componentDirectories(packDir: packDir) {
                    runs.append(
                        (
                            argv.map {
                                $0 == Self.componentToken ? "." : $0.replacingOccurrences(of: Self.componentToken, with: directory)
                            },
                            tool, directory
                        ))
                }
            } else {
                runs.append((argv, tool, project.root))
            }
        }
        return runs
    }

    /// `Packs/<pack>/Integrations/*` and `Scripts/*` directories that hold a `.py` file.
    func componentDirectories(packDir: String?) -> [String] {
        guard let packDir else { return [] }
        let fm = FileManager.default
        var result: [String] = []
        for kind in ["Integrations", "Scripts"] {
            let base = project.root + "/" + packDir + "/" + kind
            for name in ((try? fm.contentsOfDirectory(atPath: base)) ?? []).sorted() where !name.hasPrefix(".") {
                let dir = base + "/" + name
                if ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).contains(where: { $0.hasSuffix(".py") }) { result.append(dir) }
            }
        }
        return result
    }

    /// `python3 -m pytest` without pytest installed exits 1 with "No module named pytest".
    static func missingModule(_ output: String, tool: String) -> Bool {
        let parts = tool.split(separator: " ")
        guard parts.count == 3, parts[1] == "-m" else { return false }
        return output.contains("No module named \(parts[2])")
    }

    /// The last lines of a long output; the log keeps everything.
    static func tail(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 60 else { return output }
        return "… (\(lines.count - 60) lines above, see the log)\n" + lines.suffix(60).joined(separator: "\n")
    }

    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: Date())
    }

    func writeLog(_ text: String, to path: String) throws {
        try AtomicFile.write(Data(text.utf8), to: path)
    }

    /// `<tool> --version`, cached in `.git/flow/tools.json` by the program's path and mtime so a
    /// slow tool (demisto-sdk takes seconds) is asked once per installation.
    func toolVersion(_ argv: [String], environment: [String: String]) -> String? {
        let tool = PhaseAction.toolArgv(argv)
        guard let program = tool.first else { return nil }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        guard let path = ProcessRunner.locate(program, path: env["PATH"]) else { return nil }
        let mtime = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let key = "\(tool.joined(separator: " "))|\(path)|\(Int(mtime))"
        let cachePath = project.store.directory + "/tools.json"
        var cache: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: cachePath),
            let known = try? JSONDecoder().decode([String: String].self, from: data)
        {
            cache = known
            if let version = known[key] { return version }
        }
        let result = runner.run(tool + ["--version"], in: project.root, environment: environment, timeoutSeconds: 60)
        guard result.succeeded else { return nil }
        let version = result.output.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !version.isEmpty else { return nil }
        cache[key] = version
        if let data = try? JSONEncoder().encode(cache) { try? AtomicFile.write(data, to: cachePath) }
        return version
    }

    /// Creates missing stub files at the repository root and keeps them out of git, without
    /// touching a file that is already there (a real CommonServerPython.py wins).
    func createStubs(_ stubs: [String]) throws {
        guard !stubs.isEmpty else { return }
        defer { project.workTree.invalidate() }
        let excludePath = project.repository.commonDirectory + "/info/exclude"
        var exclude = FileManager.default.contents(atPath: excludePath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var excludeChanged = false
        for stub in stubs {
            let full = project.root + "/" + stub
            guard !FileManager.default.fileExists(atPath: full) else { continue }
            let directory = (full as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: full, contents: Data()) else {
                throw FlowError.invalid("cannot create the test stub \(full)", hint: "check the permissions of \(directory)")
            }
            let pattern = "/" + stub
            if !exclude.split(separator: "\n").contains(Substring(pattern)) {
                if !exclude.isEmpty && !exclude.hasSuffix("\n") { exclude += "\n" }
                exclude += "\(pattern)\n"
                excludeChanged = true
            }
        }
        if excludeChanged { try AtomicFile.write(Data(exclude.utf8), to: excludePath) }
    }
}
