import FlowCore
import FlowGit
import Foundation

/// What `flow release` did.
public struct ReleaseResult: Codable, Equatable, Sendable {
    public let pack: String
    public let version: String
    public let tag: String
    public let nextVersion: String
    public let releaseNotesStub: String
    public let bumpCommit: String
    /// "passed", or why `demisto-sdk validate -a` did not run.
    public let validate: String
}

/// `flow release` (the workflow's release phase): tag the release on main, then open the next development cycle.
public struct Releaser {
    public let project: Project
    public var runner: CommandRunning

    public init(project: Project, runner: CommandRunning = ProcessRunner()) {
        self.project = project
        self.runner = runner
    }

    func blocked(_ reasons: [String], _ fix: String) -> FlowError {
        FlowError(.blocked, "release refused: " + reasons.joined(separator: "\n  "), hint: fix)
    }

    /// Refused before anything is touched when the workflow has no release phase.
    func releasePhase() throws -> Phase {
        let workflow = project.workflow
        if let phase = workflow.phase(withRole: .release) { return phase }
        let why =
            project.config.packType == "marketplace"
            ? "marketplace packs are not tagged: push the feature branch to your fork and open the PR against demisto/content"
                + " (the content repository's CI builds and releases them)"
            : "add `role: release` to the phase of \(workflow.source) that tags the release on main"
                + " (`flow workflow show xsoar-local` shows one), or use a workflow that has one"
        throw FlowError.invalid(
            "workflow \(workflow.id) has no release phase (no phase with `role: release`), "
                + "so flow release does not apply to it; nothing was tagged or changed", hint: why)
    }

    public func release(pack requested: String?, bump part: SemVer.Part, skipValidate: Bool = false) throws -> ReleaseResult {
        let phase = try releasePhase()
        let pack = try project.selectPack(requested)
        let main = project.config.mainBranch
        let head = try CommitVerifier.git { try project.repository.head() }
        guard case .branch(main, _) = head else {
            throw blocked(
                ["flow release runs on \(main); HEAD is on \(head.branchName ?? "a detached commit")"],
                "git switch \(main) (after merging your feature branches)")
        }
        if let finished = try finishTaggedRelease(pack, bump: part, phase: phase) { return finished }
        // The release phase's gates, asked of this pack, are what a release needs; the tag they
        // look for is what flow release makes, so they are asked of everything else now.
        let (_, version) = try project.currentVersion(of: pack)
        let before = Phase(id: phase.id, title: phase.title, gates: phase.gates.filter { !Self.madeByRelease($0) })
        var config = project.config
        config.packs = [pack]
        let context = project.context(evidence: try project.store.loadEvidence(), runner: runner)
        let report = Engine(workflow: project.workflow).evaluate(before, context.with(config: config))
        if let first = report.failures.first {
            throw blocked(report.failures.flatMap { f in f.reasons.map { "\(f.gate): \($0)" } }, first.fix ?? "fix the above")
        }
        let layout = project.layout(pack)
        if let adopted = project.config.released[pack], SemVer(adopted).map({ version <= $0 }) == true {
            throw blocked(
                [
                    "\(pack) \(version) was already released before flow adopted it (released: \(adopted) in \(ConfigStore.relativePath)); "
                        + "flow never tags a published version again"
                ],
                "bump currentVersion in \(layout.metadata) past \(adopted), write its release notes, commit, then flow release")
        }
        // The release tree passes the workflow's content gates whatever any ledger said.
        if let headCommit = head.commit {
            let failures = project.contentFailures(pack, atCommit: headCommit)
            if let first = failures.first {
                throw blocked(
                    failures.flatMap { f in f.reasons.map { "\(f.gate): \($0)" } },
                    (first.fix ?? "fix the above") + " on a feature branch, merge it, then flow release")
            }
        }
        let tag = project.config.tagName(version: version.description, pack: pack)
        if let existing = try CommitVerifier.git({ try project.repository.tags() }).first(where: { $0.name == tag }) {
            throw blocked(
                [
                    "tag \(tag) already exists (on \(existing.commit.map { String($0.prefix(12)) } ?? "a non-commit")); "
                        + "flow never moves or overwrites a tag"
                ],
                "\(version) is released: raise currentVersion in \(layout.metadata) and write that version's release "
                    + "notes on a feature branch; once merged, flow release tags the new version")
        }
        // Exactly the tree it tags passed the checks a commit needs (a --no-verify hotfix did not).
        if let headCommit = head.commit {
            let (tree, missing) = try ReleaseEvidence.missing(project, pack: pack, at: headCommit)
            if !missing.isEmpty {
                throw blocked(
                    [ReleaseEvidence.reason(pack: pack, tree: tree, missing: missing)], ReleaseEvidence.fix(main: main, missing: missing))
            }
        }
        let validate = try runReleaseAction(phase, skip: skipValidate)
        // The tag says whether validate ran, so `flow verify release` can tell later.
        let tagMessage = "\(pack) v\(version)" + (skipValidate ? "\n\n\(Releaser.validateSkippedNote)" : "")
        try git(["tag", "-a", tag, "-m", tagMessage], "creating tag \(tag)")
        return try bumpAndCommit(pack, version: version, tag: tag, next: version.bumped(part), phase: phase, validate: validate)
    }

    /// A release whose tag was made but whose bump commit was not (a hook of the user's own
    /// refused it, say): HEAD is the tagged commit of the version HEAD's pack_metadata.json holds,
    /// and nothing but the bump (pack_metadata.json, ReleaseNotes/) differs from HEAD. Then only
    /// the bump is made: the staged one when it is there, else a new one. Nil for anything else.
    func finishTaggedRelease(_ pack: String, bump part: SemVer.Part, phase: Phase) throws -> ReleaseResult? {
        let repository = project.repository
        let layout = project.layout(pack)
        let notesDirectory = layout.releaseNotesDirectory + "/"
        return try CommitVerifier.git {
            guard let head = try repository.resolveCommit("HEAD"),
                case .success(let committed) = PackMetadata.parse(
                    try repository.fileContent(layout.metadata, at: head),
                    path: layout.metadata),
                let released = committed.currentVersion
            else { return nil }
            let tag = project.config.tagName(version: released.description, pack: pack)
            guard try repository.tags().contains(where: { $0.name == tag && $0.commit == head }) else { return nil }
            let changes = try repository.status()
            guard changes.allSatisfy({ $0.path == layout.metadata || $0.path.hasPrefix(notesDirectory) }) else { return nil }
            let (_, current) = try project.currentVersion(of: pack)
            guard current >= released else { return nil }
            let next = current == released ? released.bumped(part) : current
            return try bumpAndCommit(
                pack, version: released, tag: tag, next: next, phase: phase,
                validate: "not run again: \(tag) was already on HEAD")
        }
    }

    /// Raises currentVersion to `next` (unless it is there already), writes the release notes stub
    /// when missing, and commits both on main with the `checks=release` trailers.
    func bumpAndCommit(
        _ pack: String, version: SemVer, tag: String, next: SemVer, phase: Phase,
        validate: String
    ) throws -> ReleaseResult {
        let root = project.root
        let layout = project.layout(pack)
        let metadataPath = root + "/" + layout.metadata
        guard let data = FileManager.default.contents(atPath: metadataPath) else {
            throw FlowError.invalid("\(layout.metadata) could not be read", hint: "check the file's permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        let bumped = try PackVersioning.bump(text, to: next, path: layout.metadata)
        if bumped != text { try Data(bumped.utf8).write(to: URL(fileURLWithPath: metadataPath), options: .atomic) }
        let stubPath = layout.releaseNotes(for: next)
        if !FileManager.default.fileExists(atPath: root + "/" + stubPath) {
            try FileManager.default.createDirectory(
                atPath: root + "/" + layout.releaseNotesDirectory,
                withIntermediateDirectories: true)
            let stub = PackVersioning.releaseNotesStub(pack: pack, files: LocalFiles(root: root), layout: layout)
            try Data(stub.utf8).write(to: URL(fileURLWithPath: root + "/" + stubPath), options: .atomic)
        }
        try git(["add", "--", layout.metadata, stubPath], "staging the version bump")
        // A fresh handle: the index just changed under the project's one.
        let staged = try CommitVerifier.git { try Repository.discover(from: root) }
        var trailers: [String] = []
        for name in project.config.packs {
            if let tree = try CommitVerifier.git({ try staged.treeID(of: project.layout(name).directory, in: .index) }) {
                trailers.append(EvidenceTrailer(pack: name, tree: tree, checks: [EvidenceTrailer.releaseCheck]).description)
            }
        }
        let subject = "version(\(pack)): bump to v\(next) for next development cycle"
        // The pre-commit hook lets a bump onto main only while main is at the release phase: say where main is.
        let lifecycle = Lifecycle(project: project, runner: runner)
        try lifecycle.record(at: phase.id)
        let commit = runner.run(
            ["git", "commit", "-q", "-m", subject, "-m", trailers.joined(separator: "\n")],
            in: root, environment: [:], timeoutSeconds: 120)
        guard commit.succeeded else {
            let head = (try? Repository.discover(from: root).resolveCommit("HEAD")).flatMap { $0 }.map { String($0.prefix(12)) }
            let why: String
            if case .notStarted(let reason) = commit.outcome {
                why = reason
            } else {
                why = withoutANSI(commit.output).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            throw FlowError(
                .blocked,
                """
                \(tag) is tagged on \(head ?? "HEAD"), but committing the version bump failed:
                  \(why.split(separator: "\n").joined(separator: "\n  "))
                  Left as it is: the tag \(tag) (it is right: keep it, never move or delete it); \(layout.metadata) at \(next) \
                and \(stubPath) staged on \(project.config.mainBranch), not committed; \(project.config.mainBranch) recorded at phase \(phase.id).
                """,
                hint: "fix what git says above, then run `flow release` again: it finds \(tag) on HEAD and only commits the staged bump")
        }
        try lifecycle.record(at: phase.id, done: true)
        let bumpCommit = try CommitVerifier.git { try Repository.discover(from: root).head().commit } ?? ""
        return ReleaseResult(
            pack: pack, version: version.description, tag: tag, nextVersion: next.description,
            releaseNotesStub: stubPath, bumpCommit: bumpCommit, validate: validate)
    }

    /// The line a tag message carries when `flow release --skip-validate` tagged it.
    public static let validateSkippedNote = "Flow-Validate: skipped (flow release --skip-validate)"

    /// A gate of the release phase that flow release itself makes true (the release tag on
    /// HEAD): asked by `flow next` and `flow verify release` afterwards, not before tagging.
    static func madeByRelease(_ use: GateUse) -> Bool { use.id == GitTagOnHeadGate.id }

    /// The release phase's action (the shipped XSOAR workflows: `demisto-sdk validate -a`), run on
    /// main before tagging. Fail closed: a missing tool tags nothing unless the caller asked to
    /// skip it (the tag message then says so). A workflow whose release phase has no action runs nothing.
    func runReleaseAction(_ phase: Phase, skip: Bool) throws -> String {
        if skip { return "skipped (--skip-validate; recorded in the tag message)" }
        guard let action = phase.action else { return "none (the release phase has no action)" }
        let shown = action.commands.map { $0.joined(separator: " ") }.joined(separator: " && ")
        let root = project.root
        for argv in action.commands {
            let command = argv.map { PhaseAction.substitute($0, pack: nil, packDir: nil, root: root) }
            guard let program = command.first, ProcessRunner.locate(program) != nil else {
                let tool = PhaseAction.toolArgv(command).joined(separator: " ")
                throw FlowError(
                    .toolMissing,
                    "\(tool) is not installed: flow release runs `\(shown)` on main before tagging "
                        + "(flow release --skip-validate tags without it, and the tag message says so)",
                    hint: ActionRunner.installHint(tool))
            }
            var environment = demistoEnvironment(root: root)
            for (key, value) in action.environment { environment[key] = PhaseAction.substitute(value, pack: nil, packDir: nil, root: root) }
            let result = runner.run(command, in: root, environment: environment, timeoutSeconds: action.timeoutSeconds)
            switch result.outcome {
            case .exited(0):
                continue
            case .notStarted(let why):
                throw FlowError(.toolMissing, why, hint: ActionRunner.installHint(PhaseAction.toolArgv(command).joined(separator: " ")))
            case .timedOut(let seconds):
                throw blocked(
                    ["\(command.joined(separator: " ")) did not finish within \(seconds) s"], "run it yourself and look at what hangs")
            case .exited(let code):
                let tail = ToolNoise.clean(result.output).split(separator: "\n").suffix(15).map(String.init)
                throw blocked(
                    ["\(command.joined(separator: " ")) failed on \(project.config.mainBranch) (exit \(code)):"] + tail,
                    "fix what it reports on a feature branch, merge it, then flow release")
            }
        }
        return "passed"
    }

    func git(_ args: [String], _ doing: String, environment: [String: String] = [:]) throws {
        let result = runner.run(["git"] + args, in: project.root, environment: environment, timeoutSeconds: 120)
        switch result.outcome {
        case .exited(0): return
        case .notStarted(let why): throw FlowError(.toolMissing, why, hint: "install git")
        default:
            throw FlowError(
                .blocked, "\(doing) failed: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                hint: "fix the cause, check `git status` and `git tag`, then run flow release again")
        }
    }
}
