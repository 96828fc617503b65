/// `docs.updated-with-change`: rule S41, against the merge-base with main (committed or
/// staged). Any change to a pack file needs its entry in the current release notes; a feature,
/// fix or change to an integration's or script's code or YAML needs all three docs in the same
/// change: the release notes, the pack README and (integrations) the `_description.md`. A doc
/// whose edit is whitespace only was not updated. Tests, test data and images are not code: a
/// logo-only or test-only change needs the release notes alone.
///
/// With `per: commit` (S41: "in the SAME commit") the change of the commit being made is judged
/// too, against HEAD: a commit that changes an integration's or script's code or YAML brings that
/// component's docs (the release notes entry, the pack README, the `_description.md`) itself, so
/// a later code-only commit on a documented branch is refused; a commit of docs only, or of nothing
/// in the pack, needs nothing more than the branch does. "HEAD" is the parent of the commit being
/// judged: the hook's staged change, the desk's next commit (the index and the work tree), each
/// commit of a range in CI (`RangeFacts` with its parent as the base).
public enum DocsUpdatedWithChangeGate: Gate {
    public static let id = "docs.updated-with-change"
    public static let summary =
        "a pack change has its release-notes entry; a code/YAML change also updates the pack README and _description.md"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S41",
            "a change to an integration's or script's code or YAML also updates the release notes, the pack README and the `_description.md`; with `per: commit` (both shipped workflows) each commit brings its own: the hook judges the staged change against HEAD, `flow next` the next commit, `flow verify commits` each commit against its parent and the range against its base",
            shownBy: [
                "code without docs", "code without _description.md", "release notes not updated",
                "per commit: a second commit changes code only",
            ]),
        RuleClaim("S17", "`_description.md` changes with the integration's configuration", shownBy: ["code without _description.md"]),
    ]
    public static let parameters = [
        GateParameter(
            "per", .string,
            "branch (default): the branch's change against main; commit: also each commit's own change against its parent")
    ]

    /// Whether a use of the gate judges each commit too (`per: commit`).
    public static func judgesEachCommit(_ params: GateParams) -> Bool { params.string("per", default: "branch") == "commit" }

    /// What a changed file under `Integrations/<name>/` or `Scripts/<name>/` is.
    enum ComponentFile { case code, doc, other }

    static func classify(_ file: String, component name: String) -> ComponentFile {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        if file == "README.md" || base == "\(name)_description.md" || base == "CHANGELOG.md" { return .doc }
        if file.hasPrefix("test_data/") || file.contains("/test_data/") || base.hasSuffix("_test.py") || base.hasPrefix("test_")
            || base == "conftest.py" || base.hasSuffix(".png") || base.hasSuffix(".svg") || base.hasSuffix("_image.png")
        {
            return .other
        }
        if base.hasSuffix(".py") || base.hasSuffix(".yml") || base.hasSuffix(".yaml") || base.hasSuffix(".js")
            || base.hasSuffix(".ps1")
        {
            return .code
        }
        return .other
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let per = params.string("per", default: "branch")
        guard per == "branch" || per == "commit" else {
            return .fail(
                "docs.updated-with-change: per: \(per) is neither branch nor commit",
                fix: "set `per: branch` or `per: commit` for docs.updated-with-change in the workflow file")
        }
        let branch = try judgeBranch(context)
        guard per == "commit", let layout = context.layout else { return branch.outcome }
        // The branch's own refusals that ask for staging first (nothing staged, untracked code)
        // come before any judgement of the commit.
        guard let judged = branch.judged else { return branch.outcome }
        let commit = try judgeCommit(layout, context, branch: judged)
        // What the branch judgement already names is not named twice.
        let named = Set(judged.missing.map(\.file))
        let extra = commit.filter { !named.contains($0.file) }
        if extra.isEmpty { return branch.outcome }
        let reasons = (branch.outcome.passed ? [] : branch.outcome.reasons) + extra.map(\.reason)
        return .fail(reasons: reasons, fix: commitFix(extra, first: judged.missing.first?.file ?? extra[0].file, layout))
    }

    /// The commit judgement alone, under the gate's id (so its recorded debt and exceptions
    /// apply): what `flow verify commits` asks of each commit of a range when the workflow says
    /// `per: commit`, the branch judgement being asked once of the range's whole change. "HEAD" is
    /// the commit's parent there (`RangeFacts` with its parent as the base).
    public enum EachCommit: Gate {
        public static let id = DocsUpdatedWithChangeGate.id
        public static let summary =
            "a commit that changes code or YAML brings its release-notes entry, README (the pack's or the component's own) and _description.md"
        public static let scope = GateScope.pack
        public static let examples: [GateExample] = []

        public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
            guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
            let missing = try judgeCommit(layout, context, branch: nil)
            guard let first = missing.first else { return .pass("the commit's code changes bring their docs") }
            return .fail(reasons: missing.map(\.reason), fix: commitFix(missing, first: first.file, layout))
        }
    }

    /// The fix of a commit without its docs: the current release notes get a new bullet in it.
    static func commitFix(_ missing: [(file: String, reason: String)], first: String, _ layout: PackLayout) -> String {
        if let notes = missing.first(where: { $0.file.hasPrefix(layout.releaseNotesDirectory + "/") })?.file {
            return "add a bullet for this change to \(notes) and update the other files listed, then git add them: "
                + "each commit brings its own docs"
        }
        return "update \(first) (and the others listed) with what changed, then git add them: each commit brings its own docs"
    }

    /// The branch judgement, with what it compared (nil when it refused before comparing).
    struct Judged {
        let changed: [String]
        let base: String?
        let missing: [(file: String, reason: String)]
    }

    static func judgeBranch(_ context: GateContext) throws -> (outcome: GateOutcome, judged: Judged?) {
        guard let layout = context.layout else { return (.fail("no pack given", fix: "flow init --pack NAME"), nil) }
        let main = context.config.mainBranch
        guard let changed = try context.git.changedPaths(since: "refs/heads/\(main)") else {
            return (
                .fail(
                    "branch \(main) does not exist, so there is nothing to compare this branch with",
                    fix: "create it at the first commit (git branch \(main) FIRST_COMMIT) or set mainBranch in .flow/config.yml"), nil
            )
        }
        let inPack = changed.filter { $0.hasPrefix(layout.directory + "/") }
        // Release notes themselves are the record, not a change that needs one.
        let changes = inPack.filter { !$0.hasPrefix(layout.releaseNotesDirectory + "/") }
        if changes.isEmpty {
            // A new integration not yet added is invisible to a diff: say so instead of "nothing
            // changed". Only untracked code or YAML counts (a private notes.txt is no change), and
            // the fix names exactly the untracked files of those components, never their directory
            // (it may hold more than was listed) and never an artifact.
            let depth = layout.directory.split(separator: "/").count + 2
            func component(_ path: String) -> String { path.split(separator: "/").prefix(depth).joined(separator: "/") }
            func isCode(_ path: String) -> Bool {
                let parts = path.dropFirst(layout.directory.count + 1).split(separator: "/").map(String.init)
                return parts.count >= 3 && ["Integrations", "Scripts"].contains(parts[0])
                    && classify(parts.dropFirst(2).joined(separator: "/"), component: parts[1]) == .code
            }
            let status = try context.git.status(pathspec: layout.directory).filter { $0.path.hasPrefix(layout.directory + "/") }
            // Edits to tracked code that are not staged: the verdict is on the staged tree (one
            // view), but "nothing changed" would send the edit on through test, lint and validate
            // to a refusal at commit. The fix names the tracked files only, never an untracked one.
            let unstaged = status.filter { $0.unstaged && !$0.untracked && !GitNoArtifactsGate.isArtifactName($0.path) }.map(\.path)
            if unstaged.contains(where: isCode) {
                let code = unstaged.filter(isCode)
                return (
                    .fail(
                        reasons: [
                            "pack \(layout.pack): nothing staged in \(layout.directory) changed against \(main), but "
                                + "\(code.joined(separator: ", ")) \(code.count == 1 ? "is" : "are") modified and not staged: "
                                + "the change is judged on what git will commit"
                        ],
                        fix: "git add -- \(Shell.words(unstaged))"), nil
                )
            }
            let untracked = status.filter { entry in
                entry.untracked && ["Integrations/", "Scripts/"].contains { entry.path.hasPrefix("\(layout.directory)/\($0)") }
            }.map(\.path)
            let newCode = untracked.filter(isCode)
            let dirs = newCode.map(component).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let files = untracked.filter { dirs.contains(component($0)) && !GitNoArtifactsGate.isArtifactName($0) }
            if !dirs.isEmpty {
                return (
                    .fail(
                        reasons: [
                            "pack \(layout.pack): nothing in \(layout.directory) changed against \(main), but "
                                + "\(dirs.joined(separator: ", ")) \(dirs.count == 1 ? "has" : "have") untracked code: "
                                + "untracked files are not part of the change (\(files.joined(separator: ", ")))"
                        ],
                        fix: "git add -- \(Shell.words(files))"), nil
                )
            }
            return (.pass("nothing in \(layout.directory) changed against \(main)"), nil)
        }

        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return (
                .fail(
                    "pack \(layout.pack): cannot read currentVersion from \(layout.metadata), so the current release notes are unknown",
                    fix: "edit \(layout.metadata)"), nil
            )
        }
        let notesPath = layout.releaseNotes(for: version)
        // A new pack at 1.0.0 may have no release notes (the marketplace rejects them there). A
        // released version's notes are not the place: pack.release-notes asks for the bump first.
        let released = try PackReleaseNotesGate.releasedAt(version, layout, context) != nil
        let notes: String? = (version != SemVer(1, 0, 0) || context.files.exists(notesPath)) && !released ? notesPath : nil

        let base = try context.git.mergeBase(with: "refs/heads/\(main)")
        let wanted = docsWanted(changes: changes, components: components(changes, layout), layout: layout, notes: notes, commit: false)
        if wanted.isEmpty {
            return (
                .pass("a new pack at 1.0.0: no release notes yet, no code change to document"),
                Judged(changed: changed, base: base, missing: [])
            )
        }
        let missing = try undocumented(wanted, changed: Set(changed), base: base, layout: layout, context)
        let judged = Judged(changed: changed, base: base, missing: missing)
        let count = Set(wanted.map(\.file)).count
        if missing.isEmpty { return (.pass("\(changes.count) changed file(s) documented (\(count) doc(s))"), judged) }
        return (
            .fail(
                reasons: missing.map(\.reason),
                fix: "update \(missing[0].file) (and the others listed) with what changed, then git add them"), judged
        )
    }

    /// The integrations and scripts among `changes` whose code or YAML changed.
    static func components(_ changes: [String], _ layout: PackLayout) -> [(kind: String, name: String, dir: String)] {
        var components: [(kind: String, name: String, dir: String)] = []
        for path in changes {
            let parts = path.dropFirst(layout.directory.count + 1).split(separator: "/").map(String.init)
            guard parts.count >= 3, parts[0] == "Integrations" || parts[0] == "Scripts" else { continue }
            let (kind, name) = (parts[0], parts[1])
            guard classify(parts.dropFirst(2).joined(separator: "/"), component: name) == .code else { continue }
            let dir = "\(layout.directory)/\(kind)/\(name)"
            if !components.contains(where: { $0.dir == dir }) { components.append((kind, name, dir)) }
        }
        return components
    }

    /// The docs a change needs, each with why (for the message). Of a branch: any pack change needs
    /// its release-notes entry, a code change also the README and `_description.md`; of one commit
    /// (`commit`): only a code change needs anything, and then all three.
    static func docsWanted(
        changes: [String], components: [(kind: String, name: String, dir: String)], layout: PackLayout, notes: String?,
        commit: Bool
    ) -> [(file: String, because: String, or: String?)] {
        var wanted: [(file: String, because: String, or: String?)] = []
        if let notes, !commit || !components.isEmpty {
            let because =
                commit
                ? "this commit changes \(components.map { "\($0.kind)/\($0.name)" }.joined(separator: ", ")) code or YAML"
                : changes.count == 1 ? "\(changes[0]) changed" : "\(changes.count) pack files changed"
            wanted.append((notes, because, nil))
        }
        for component in components {
            let because =
                commit
                ? "this commit changes \(component.kind)/\(component.name) code or YAML"
                : "\(component.kind)/\(component.name) code or YAML changed"
            // The content repository documents a component in its own README (Integrations/X/README.md,
            // as demisto-sdk generate-docs writes it): updating that one is the README update too.
            wanted.append((layout.readme, because, "\(component.dir)/README.md"))
            if component.kind == "Integrations" {
                wanted.append(("\(component.dir)/\(component.name)_description.md", because, nil))
            }
        }
        return wanted
    }

    /// Of the `wanted` docs, those the change did not update: not among `changed`, empty, or
    /// changed only in whitespace against `base`; each with its reason.
    static func undocumented(
        _ wanted: [(file: String, because: String, or: String?)], changed changedSet: Set<String>, base: String?, layout: PackLayout,
        _ context: GateContext, commit: Bool = false
    ) throws -> [(file: String, reason: String)] {
        var missing: [(file: String, reason: String)] = []
        var seen: Set<String> = []
        let but = commit ? "but not" : "but"
        func updated(_ file: String) throws -> Bool {
            guard changedSet.contains(file), let now = context.files.read(file),
                !String(decoding: now, as: UTF8.self).allSatisfy(\.isWhitespace)
            else { return false }
            guard let base, let before = try context.git.fileContent(file, at: base) else { return true }
            return squeezed(before) != squeezed(now)
        }
        for (file, because, alternative) in wanted where seen.insert(file + "\n" + (alternative ?? "")).inserted {
            if let alternative, try updated(alternative) { continue }
            let now = context.files.read(file)
            let problem: String?
            if !changedSet.contains(file) {
                let absent = now == nil ? " (it does not exist yet: write it)" : ""
                problem = commit ? "\(because) but not \(file)\(absent)" : "\(because) but \(file) did not\(absent)"
            } else if let now, String(decoding: now, as: UTF8.self).allSatisfy(\.isWhitespace) {
                problem = "\(because) \(but) \(file) is empty"
            } else if let now, let base, let before = try context.git.fileContent(file, at: base),
                squeezed(before) == squeezed(now)
            {
                problem = "\(because) \(but) \(file) changed only in whitespace or HTML comments, which is no update"
            } else {
                problem = nil
            }
            if let problem {
                let rule = commit ? ": each commit brings its own docs, \(LifecycleRule.cite("S41"))" : ""
                missing.append((file, "pack \(layout.pack): \(problem)\(rule)"))
            }
        }
        return missing
    }

    /// The commit judgement (`per: commit`): what the next commit holds against HEAD (the staged
    /// change; at the desk also tracked edits not staged yet and untracked code, which the checks
    /// ran on and the commit will need) needs the docs of its code changes. Nothing when HEAD is
    /// unborn, or when the commit is the whole branch (the branch judgement was that of the commit).
    static func judgeCommit(_ layout: PackLayout, _ context: GateContext, branch: Judged?) throws -> [(file: String, reason: String)] {
        guard var changed = try context.git.changedPaths(since: "HEAD") else { return [] }
        let base = try context.git.mergeBase(with: "HEAD")
        for entry in try context.git.status(pathspec: layout.directory) where entry.path.hasPrefix(layout.directory + "/") {
            guard !changed.contains(entry.path), !GitNoArtifactsGate.isArtifactName(entry.path) else { continue }
            if entry.unstaged && !entry.untracked || entry.untracked && !components([entry.path], layout).isEmpty {
                changed.append(entry.path)
            }
        }
        if let branch, base == branch.base && Set(changed) == Set(branch.changed) { return [] }
        let inPack = changed.filter { $0.hasPrefix(layout.directory + "/") && !$0.hasPrefix(layout.releaseNotesDirectory + "/") }
        let components = components(inPack, layout)
        guard !components.isEmpty else { return [] }
        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else { return [] }
        let notesPath = layout.releaseNotes(for: version)
        let released = try PackReleaseNotesGate.releasedAt(version, layout, context) != nil
        let notes: String? = (version != SemVer(1, 0, 0) || context.files.exists(notesPath)) && !released ? notesPath : nil
        let wanted = docsWanted(changes: inPack, components: components, layout: layout, notes: notes, commit: true)
        return try undocumented(wanted, changed: Set(changed), base: base, layout: layout, context, commit: true)
    }

    /// The text without any whitespace: equal for two versions that differ in whitespace only.
    /// What a reader sees of a doc, whitespace and HTML comments left out: an added `<!-- -->` is
    /// no more an update than a blank line.
    static func squeezed(_ bytes: [UInt8]) -> [UInt8] {
        Array(MarkdownOutline.withoutComments(String(decoding: bytes, as: UTF8.self)).utf8).filter {
            ![0x20, 0x09, 0x0A, 0x0D].contains($0)
        }
    }

    static let dir = "Integrations/Hello"
    static let base: [RepoStep] =
        initialCommit + [
            PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1")),
            PackExample.file("README.md", "# Demo\n\nDoes things.\n"),
            PackExample.file("ReleaseNotes/1_0_1.md", "#### Integrations\n\n##### Hello\n\n- Old.\n"),
            PackExample.file("\(dir)/Hello.py", "x = 1\n"),
            PackExample.file("\(dir)/Hello_description.md", "Hello.\n"),
            .stage(["Packs"]), .commit("pack"), .branch("feature/hello"),
        ]
    static let notes = PackExample.file("ReleaseNotes/1_0_1.md", "#### Integrations\n\n##### Hello\n\n- Old.\n- Fixed x.\n")

    /// A first commit that changes the code with all three docs.
    static let documented: [RepoStep] =
        base + [
            PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("README.md", "# Demo\n\nDoes more things.\n"),
            PackExample.file("\(dir)/Hello_description.md", "Hello, configured.\n"), notes, .stage(["Packs"]), .commit("hello"),
        ]
    static let perCommit: [String: ParamValue] = ["per": .string("commit")]

    public static let examples: [GateExample] = [
        // S41: the branch is documented by its first commit; the second changes code only.
        .failing(
            "per commit: a second commit changes code only", params: perCommit, pack: "Demo",
            reason: "this commit changes Integrations/Hello code or YAML but not Packs/Demo/ReleaseNotes/1_0_1.md",
            fix: "add a bullet for this change to Packs/Demo/ReleaseNotes/1_0_1.md",
            documented + [PackExample.file("\(dir)/Hello.py", "x = 3\n"), .stage(["Packs"])]),
        .passing(
            "per branch: the same second commit passes (the branch is documented)", pack: "Demo",
            documented + [PackExample.file("\(dir)/Hello.py", "x = 3\n"), .stage(["Packs"])]),
        .passing(
            "per commit: the second commit brings its own bullet, README and description", params: perCommit, pack: "Demo",
            documented + [
                PackExample.file("\(dir)/Hello.py", "x = 3\n"),
                PackExample.file("ReleaseNotes/1_0_1.md", "#### Integrations\n\n##### Hello\n\n- Old.\n- Fixed x.\n- Fixed x again.\n"),
                PackExample.file("README.md", "# Demo\n\nDoes even more things.\n"),
                PackExample.file("\(dir)/Hello_description.md", "Hello, configured again.\n"), .stage(["Packs"]),
            ]),
        .passing(
            "per commit: a second commit of docs only needs nothing more", params: perCommit, pack: "Demo",
            documented + [PackExample.file("README.md", "# Demo\n\nDoes more things, said better.\n"), .stage(["Packs"])]),
        .failing(
            "per commit: code edited after the commit, not staged yet (the next commit)", params: perCommit, pack: "Demo",
            reason: "this commit changes Integrations/Hello code or YAML but not Packs/Demo/README.md",
            documented + [PackExample.file("\(dir)/Hello.py", "x = 3\n")]),
        .failing(
            "a new integration not yet added", pack: "Demo",
            reason: "Packs/Demo/Integrations/New has untracked code: untracked files are not part of the change",
            base + [PackExample.file("Integrations/New/New.py", "x = 1\n")]),
        .passing(
            "only a private note untracked in an integration: no change, nothing to add", pack: "Demo",
            base + [PackExample.file("\(dir)/notes.txt", "api key\n")]),
        .failing(
            "code edited but not staged: the tracked files named, never \"nothing changed\"", pack: "Demo",
            reason: "Packs/Demo/Integrations/Hello/Hello.py is modified and not staged",
            fix: "git add -- Packs/Demo/Integrations/Hello/Hello.py Packs/Demo/README.md", fixOmits: "notes.txt",
            base + [
                PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("README.md", "# Demo\n\nDoes more.\n"),
                PackExample.file("\(dir)/notes.txt", "api key\n"),
            ]),
        .passing(
            "code and all three docs together", pack: "Demo",
            base + [
                PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("README.md", "# Demo\n\nDoes more things.\n"),
                PackExample.file("\(dir)/Hello_description.md", "Hello, configured.\n"), notes, .stage(["Packs"]), .commit("hello"),
            ]),
        // The content repository's layout: the integration's own README documents its commands.
        .passing(
            "code with the integration's own README, description and notes", pack: "Demo",
            base + [
                PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("\(dir)/README.md", "## Hello\n\nGreets, now politely.\n"),
                PackExample.file("\(dir)/Hello_description.md", "Hello, configured.\n"), notes, .stage(["Packs"]), .commit("hello"),
            ]),
        .failing(
            "code without docs", pack: "Demo", reason: "Integrations/Hello code or YAML changed but Packs/Demo/README.md did not",
            base + [PackExample.file("\(dir)/Hello.py", "x = 2\n"), .stage(["Packs"])]),
        .failing(
            "code without _description.md", pack: "Demo",
            reason: "but Packs/Demo/Integrations/Hello/Hello_description.md did not",
            base + [
                PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("README.md", "# Demo\n\nMore.\n"), notes,
                .stage(["Packs"]),
            ]),
        .failing(
            "release notes not updated", pack: "Demo",
            reason: "Packs/Demo/Scripts/Tool/Tool.py changed but Packs/Demo/ReleaseNotes/1_0_1.md did not",
            base + [PackExample.file("Scripts/Tool/Tool.py", "y = 2\n"), .stage(["Packs"]), .commit("tool")]),
        .passing("nothing changed", pack: "Demo", base),
        // A logo or a test is no code change: the release notes alone are needed.
        .passing(
            "logo only, with release notes", pack: "Demo",
            base + [
                .writeBytes("\(PackExample.dir)/Integrations/Hello/Hello_image.png", PackExample.png(width: 120, height: 50)), notes,
                .stage(["Packs"]),
            ]),
        .passing(
            "test only, with release notes", pack: "Demo",
            base + [
                PackExample.file("\(dir)/Hello_test.py", "def test_x():\n    assert True\n"),
                PackExample.file("\(dir)/test_data/reply.json", "{}\n"), notes, .stage(["Packs"]),
            ]),
        .failing(
            "test only, no release notes", pack: "Demo", reason: "Hello_test.py changed but Packs/Demo/ReleaseNotes/1_0_1.md did not",
            base + [PackExample.file("\(dir)/Hello_test.py", "def test_x():\n    assert True\n"), .stage(["Packs"])]),
        .failing(
            "blank line appended to the docs", pack: "Demo", reason: "Packs/Demo/README.md changed only in whitespace",
            base + [
                PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("README.md", "# Demo\n\nDoes things.\n\n"),
                PackExample.file("\(dir)/Hello_description.md", "Hello.\n\n"), notes, .stage(["Packs"]),
            ]),
        .failing(
            "only an HTML comment added to the docs", pack: "Demo", reason: "Packs/Demo/README.md changed only in whitespace",
            base + [
                PackExample.file("\(dir)/Hello.py", "x = 2\n"), PackExample.file("README.md", "# Demo\n\nDoes things.\n<!-- -->\n"),
                PackExample.file("\(dir)/Hello_description.md", "Hello.\n<!-- updated -->\n"), notes, .stage(["Packs"]),
            ]),
        .failing(
            "empty pack README", pack: "Demo", reason: "Packs/Demo/README.md is empty",
            base + [
                PackExample.file("Scripts/Tool/Tool.py", "y = 2\n"), PackExample.file("README.md", "\n"), notes,
                .stage(["Packs"]),
            ]),
    ]
}
