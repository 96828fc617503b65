import FlowCore
import FlowGit
import Foundation

/// `flow verify release`: the gates a commit must pass before anything is zipped or shipped.
public struct ReleaseVerification: Codable, Equatable, Sendable {
    public let commit: String?
    public let gates: [GateReport]
    public var passed: Bool { gates.allSatisfy(\.passed) }
    public var failures: [GateReport] { gates.filter { !$0.passed } }
}

public enum ReleaseVerifier {
    /// Evaluates, through the Engine, tag-on-head (per pack, the exact tag of its currentVersion),
    /// contained-in-main, no-artifacts and clean, plus the pack's version and release notes.
    public static func verify(_ project: Project, packs requested: [String]? = nil) throws -> ReleaseVerification {
        let repo = project.repository
        let packs = requested ?? project.config.packs
        try project.checkPackNames(packs)
        guard !packs.isEmpty else {
            throw FlowError.invalid("no pack is configured", hint: "flow init --pack NAME")
        }
        var reports: [GateReport] = []
        let commit = try? repo.head().commit
        // S56: a marketplace pack is never zipped here; the marketplace's CI builds and publishes it
        // once the PR is merged upstream. Say so, instead of a tag or release-notes failure.
        if project.config.packType == "marketplace" {
            reports.append(
                GateReport(
                    check: "release.marketplace", pack: nil, passed: false,
                    reasons: [
                        "this is a marketplace pack (packType: marketplace): it has no release here, the marketplace's CI builds the zip after your PR is merged into demisto/content"
                    ],
                    fix:
                        "open or update the pull request against demisto/content (phase open-pr); flow build and flow verify release are for local packs",
                    detail: nil))
        }
        // In a CI checkout with fetch-depth 1 the tags are simply absent: say so before anything
        // else, since every tag check below would fail for that reason alone.
        if repo.isShallow, (try? repo.tags())?.isEmpty ?? true {
            reports.append(
                GateReport(
                    check: "release.tags-fetched", pack: nil, passed: false,
                    reasons: ["this is a shallow clone with no tags: the release tag cannot be checked"],
                    fix:
                        "fetch the whole history and the tags (git fetch --tags --unshallow origin; with actions/checkout: fetch-depth: 0)",
                    detail: nil))
        }
        var gates: [GateUse] = []
        for pack in packs {
            let layout = project.layout(pack)
            switch layout.readMetadata(LocalFiles(root: project.root)) {
            case .failure(let error):
                reports.append(
                    GateReport(
                        check: "release.version", pack: pack, passed: false, reasons: [error.description],
                        fix: "fix \(layout.metadata)", detail: nil))
            case .success(let metadata):
                guard let version = metadata.currentVersion else {
                    reports.append(
                        GateReport(
                            check: "release.version", pack: pack, passed: false,
                            reasons: ["\(layout.metadata): currentVersion is not MAJOR.MINOR.PATCH"],
                            fix: "set currentVersion to e.g. 1.0.0 in \(layout.metadata)", detail: nil))
                    continue
                }
                let tag = project.config.tagName(version: version.description, pack: pack)
                reports.append(versionReport(pack, version, tag, project, commit))
                gates.append(GateUse(id: GitTagOnHeadGate.id, params: GateParams(["pattern": .string(tag)])))
                if let commit {
                    let failures = project.contentFailures(pack, atCommit: commit)
                    reports.append(
                        GateReport(
                            check: "release.content", pack: pack, passed: failures.isEmpty,
                            reasons: failures.flatMap { f in f.reasons.map { "\(f.gate): \($0)" } },
                            fix: failures.first?.fix,
                            detail: failures.isEmpty ? "the workflow's pack and docs gates pass on this commit's tree" : nil))
                }
                // The tagged tree passed the checks a commit needs (ledger or trailers: CI has only the trailers).
                if let commit, let (tree, missing) = try? ReleaseEvidence.missing(project, pack: pack, at: commit), !missing.isEmpty {
                    reports.append(
                        GateReport(
                            check: "release.evidence", pack: pack, passed: false,
                            reasons: [ReleaseEvidence.reason(pack: pack, tree: tree, missing: missing)],
                            fix: ReleaseEvidence.fix(main: project.config.mainBranch, missing: missing), detail: nil))
                }
                if let skipped = ((try? repo.tags()) ?? []).first(where: { $0.name == tag && $0.commit == commit }),
                    skipped.message?.contains(Releaser.validateSkippedNote) == true
                {
                    // A release nothing validated is refused unless the configuration says such releases are accepted.
                    if project.config.allowSkippedValidate == true {
                        reports.append(
                            GateReport(
                                check: "release.validated", pack: pack, passed: true, reasons: [], fix: nil,
                                detail: "NOTE: \(tag) was tagged with --skip-validate: demisto-sdk validate -a did not run on it "
                                    + "(accepted: allowSkippedValidate: true in \(ConfigStore.relativePath))"))
                    } else {
                        reports.append(
                            GateReport(
                                check: "release.validated", pack: pack, passed: false,
                                reasons: ["\(tag) was tagged with flow release --skip-validate: demisto-sdk validate -a did not run on it"],
                                fix: "release the next version with validate (flow release, with demisto-sdk installed); "
                                    + "to accept releases tagged without it, set allowSkippedValidate: true in \(ConfigStore.relativePath)",
                                detail: nil))
                    }
                }
                let notes = project.releaseNotesProblems(pack, version)
                reports.append(
                    GateReport(
                        check: "release.release-notes", pack: pack, passed: notes.isEmpty, reasons: notes,
                        fix: notes.isEmpty ? nil : "write the release notes in \(layout.releaseNotes(for: version))",
                        detail: notes.isEmpty ? layout.releaseNotes(for: version) : nil))
            }
        }
        let main = project.config.mainBranch
        // CI checkouts often have only origin/main; a local main wins when it exists.
        let localMain = (try? repo.resolveCommit("refs/heads/\(main)")).flatMap { $0 }
        let mainRef = localMain != nil ? main : "origin/\(main)"
        gates.append(GateUse(id: GitContainedInMainGate.id, params: GateParams(["branch": .string(mainRef)])))
        // Contained is not enough: an intermediate commit of a merged branch is in main but was never main's state.
        if let commit, let mainTip = (try? repo.resolveCommit(mainRef)).flatMap({ $0 }),
            (try? repo.isAncestor(commit, of: mainTip)) == true, (try? repo.isOnFirstParentHistory(commit, of: mainTip)) != true
        {
            reports.append(
                GateReport(
                    check: "release.first-parent", pack: nil, passed: false,
                    reasons: [
                        "\(commit.prefix(12)) is an intermediate commit of a branch merged into \(mainRef), "
                            + "not on \(mainRef)'s first-parent history: a release is a state \(main) itself was in"
                    ],
                    fix: "release from \(main) with flow release, and verify that tag", detail: nil))
        }
        gates.append(GateUse(id: GitNoArtifactsGate.id))
        gates.append(GateUse(id: GitCleanGate.id))
        let phase = Phase(id: "verify-release", title: "verify release", gates: gates)
        let engine = Engine(
            workflow: Workflow(
                id: "verify-release", title: "verify release", phases: [phase],
                source: "flow verify release"))
        let context = project.context(evidence: EvidenceLedger())
        reports += engine.evaluate(phase, context).gates
        return ReleaseVerification(commit: commit, gates: reports)
    }

    /// A tag of the configured format on HEAD for another version says more than "no tag".
    static func versionReport(
        _ pack: String, _ version: SemVer, _ tag: String, _ project: Project,
        _ commit: String?
    ) -> GateReport {
        let pattern = project.config.tagName(version: "*", pack: pack)
        let onHead = ((try? project.repository.tags()) ?? []).filter { $0.commit == commit && Glob.matches(pattern, $0.name) }
        if onHead.isEmpty, let commit, let last = lastRelease(pack, before: version, project, ancestorOf: commit) {
            // Right after flow release HEAD is the bump commit: the release to build is the tag behind it.
            return GateReport(
                check: "release.version", pack: pack, passed: false,
                reasons: [
                    "HEAD (\(commit.prefix(12))) is the development of \(version) after the release \(last.name) "
                        + "(\(last.commit.map { String($0.prefix(12)) } ?? "")): it is not a release"
                ],
                fix: "to build or verify the release: git checkout \(last.name); "
                    + "to release \(version) later: write its release notes, merge, flow release",
                detail: nil)
        }
        if onHead.isEmpty || onHead.contains(where: { $0.name == tag }) {
            return GateReport(
                check: "release.version", pack: pack, passed: true, reasons: [], fix: nil,
                detail: "currentVersion \(version), tag \(tag)")
        }
        let names = onHead.map(\.name).joined(separator: ", ")
        return GateReport(
            check: "release.version", pack: pack, passed: false,
            reasons: ["HEAD is tagged \(names) but \(project.layout(pack).metadata) says currentVersion \(version) (expected tag \(tag))"],
            fix: "check out the tagged release commit (git checkout \(onHead[0].name)) or release this version with flow release",
            detail: nil)
    }

    /// The newest release tag of the pack for a version below `version` on HEAD's history.
    static func lastRelease(_ pack: String, before version: SemVer, _ project: Project, ancestorOf commit: String) -> FlowGit.Tag? {
        let format = project.config.tagName(version: "{version}", pack: pack).components(separatedBy: "{version}")
        guard format.count == 2 else { return nil }
        let tags = ((try? project.repository.tags()) ?? []).compactMap { tag -> (SemVer, FlowGit.Tag)? in
            guard tag.name.hasPrefix(format[0]), tag.name.hasSuffix(format[1]), tag.name.count > format[0].count + format[1].count,
                let v = SemVer(String(tag.name.dropFirst(format[0].count).dropLast(format[1].count))), v < version,
                let target = tag.commit, (try? project.repository.isAncestor(target, of: commit)) == true
            else { return nil }
            return (v, tag)
        }
        return tags.max { $0.0 < $1.0 }?.1
    }

    /// `::error` workflow commands for GitHub Actions, one per failure reason.
    public static func githubAnnotations(_ failures: [GateReport]) -> [String] {
        failures.flatMap { report in
            let name = report.pack.map { "\(report.gate) [\($0)]" } ?? report.gate
            let reasons = report.reasons.isEmpty ? ["failed"] : report.reasons
            return reasons.map { "::error title=flow verify::\(escape("\(name): \($0)"))" }
        }
    }

    /// GitHub's workflow-command escaping for a message.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
