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

/// `flow release` (merge-tag): tag the release on main, then open the next development cycle.
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

    public func release(pack requested: String?, bump part: SemVer.Part) throws -> ReleaseResult {
        let root = project.root
        let pack = try project.selectPack(requested)
        let main = project.config.mainBranch
        let head = try CommitVerifier.git { try project.repository.head() }
        guard case .branch(main, _) = head else {
            throw blocked(["flow release runs on \(main); HEAD is on \(head.branchName ?? "a detached commit")"],
                          "git switch \(main) (after merging your feature branches)")
        }
        let phase = Phase(id: "merge-tag", title: "release", gates: [
            GateUse(id: GitMergedGate.id), GateUse(id: GitCleanGate.id), GateUse(id: GitNoArtifactsGate.id),
        ])
        let report = Engine(workflow: Workflow(id: "release", title: "release", phases: [phase], source: "flow release"))
            .evaluate(phase, project.context(evidence: EvidenceLedger(), runner: runner))
        if let first = report.failures.first {
            throw blocked(report.failures.flatMap { f in f.reasons.map { "\(f.gate): \($0)" } }, first.fix ?? "fix the above")
        }
        let (_, version) = try project.currentVersion(of: pack)
        let layout = project.layout(pack)
        let notes = project.releaseNotesProblems(pack, version)
        guard notes.isEmpty else {
            throw blocked(notes, "write what changed in \(layout.releaseNotes(for: version)), commit it, then flow release")
        }
        let tag = project.config.tagName(version: version.description, pack: pack)
        if let existing = try CommitVerifier.git({ try project.repository.tags() }).first(where: { $0.name == tag }) {
            throw blocked(["tag \(tag) already exists (on \(existing.commit.map { String($0.prefix(12)) } ?? "a non-commit")); "
                           + "flow never moves or overwrites a tag"],
                          "if \(version) is already released, bump the version in \(layout.metadata) and write its release notes; "
                          + "a tag that was pushed stays; only one never pushed (git ls-remote --tags origin \(tag) prints "
                          + "nothing) may be deleted (git tag -d \(tag)) before flow release again")
        }
        let validate = try validateOnMain()
        try git(["tag", "-a", tag, "-m", "\(pack) v\(version)"], "creating tag \(tag)")

        let next = version.bumped(part)
        let metadataPath = root + "/" + layout.metadata
        guard let data = FileManager.default.contents(atPath: metadataPath) else {
            throw FlowError.invalid("\(layout.metadata) could not be read", hint: "check the file's permissions")
        }
        let bumped = try PackVersioning.bump(String(decoding: data, as: UTF8.self), to: next, path: layout.metadata)
        try Data(bumped.utf8).write(to: URL(fileURLWithPath: metadataPath), options: .atomic)
        let stubPath = layout.releaseNotes(for: next)
        if !FileManager.default.fileExists(atPath: root + "/" + stubPath) {
            try FileManager.default.createDirectory(atPath: root + "/" + layout.releaseNotesDirectory,
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
        // The pre-commit hook lets a bump through on main only during merge-tag: say where main is.
        let lifecycle = Lifecycle(project: project, runner: runner)
        try lifecycle.record(at: "merge-tag")
        try git(["commit", "-q", "-m", subject, "-m", trailers.joined(separator: "\n")], "committing the version bump")
        try lifecycle.record(at: "merge-tag", done: true)
        let commit = try CommitVerifier.git { try Repository.discover(from: root).head().commit } ?? ""
        return ReleaseResult(pack: pack, version: version.description, tag: tag, nextVersion: next.description,
                             releaseNotesStub: stubPath, bumpCommit: commit, validate: validate)
    }

    /// `demisto-sdk validate -a` on main when the tool is installed.
    func validateOnMain() throws -> String {
        guard ProcessRunner.locate("demisto-sdk") != nil else {
            return "skipped: demisto-sdk is not installed (pip install demisto-sdk to validate before tagging)"
        }
        let result = runner.run(["demisto-sdk", "validate", "-a"], in: project.root,
                                environment: demistoEnvironment(root: project.root), timeoutSeconds: 900)
        switch result.outcome {
        case .exited(0):
            return "passed"
        case .notStarted(let why):
            throw FlowError(.toolMissing, why, hint: "install it: pip install demisto-sdk")
        case .timedOut(let seconds):
            throw blocked(["demisto-sdk validate -a did not finish within \(seconds) s"], "run it yourself and look at what hangs")
        case .exited(let code):
            let tail = ToolNoise.clean(result.output).split(separator: "\n").suffix(15).map(String.init)
            throw blocked(["demisto-sdk validate -a failed on \(project.config.mainBranch) (exit \(code)):"] + tail,
                          "fix what validate reports on \(project.config.mainBranch), commit, then flow release")
        }
    }

    func git(_ args: [String], _ doing: String, environment: [String: String] = [:]) throws {
        let result = runner.run(["git"] + args, in: project.root, environment: environment, timeoutSeconds: 120)
        switch result.outcome {
        case .exited(0): return
        case .notStarted(let why): throw FlowError(.toolMissing, why, hint: "install git")
        default:
            throw FlowError(.blocked, "\(doing) failed: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                            hint: "fix the cause, check `git status` and `git tag`, then run flow release again")
        }
    }
}
