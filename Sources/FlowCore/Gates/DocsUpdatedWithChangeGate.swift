/// `docs.updated-with-change`: rule S41, against the merge-base with main (committed or
/// staged). Any change to a pack file needs its entry in the current release notes; a feature,
/// fix or change to an integration's or script's code or YAML needs all three docs in the same
/// change: the release notes, the pack README and (integrations) the `_description.md`. A doc
/// whose edit is whitespace only was not updated. Tests, test data and images are not code: a
/// logo-only or test-only change needs the release notes alone.
public enum DocsUpdatedWithChangeGate: Gate {
    public static let id = "docs.updated-with-change"
    public static let summary =
        "a pack change has its release-notes entry; a code/YAML change also updates the pack README and _description.md"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S41",
            "against the merge-base with main: a change to an integration's or script's code or YAML also updates the release notes, the pack README and (for configuration) the `_description.md`; judged on the branch, not on each commit",
            shownBy: ["code without docs", "code without _description.md", "release notes not updated"]),
        RuleClaim("S17", "`_description.md` changes with the integration's configuration", shownBy: ["code without _description.md"]),
    ]

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
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let main = context.config.mainBranch
        guard let changed = try context.git.changedPaths(since: "refs/heads/\(main)") else {
            return .fail(
                "branch \(main) does not exist, so there is nothing to compare this branch with",
                fix: "create it at the first commit (git branch \(main) FIRST_COMMIT) or set mainBranch in .flow/config.yml")
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
                return .fail(
                    reasons: [
                        "pack \(layout.pack): nothing staged in \(layout.directory) changed against \(main), but "
                            + "\(code.joined(separator: ", ")) \(code.count == 1 ? "is" : "are") modified and not staged: "
                            + "the change is judged on what git will commit"
                    ],
                    fix: "git add -- \(Shell.words(unstaged))")
            }
            let untracked = status.filter { entry in
                entry.untracked && ["Integrations/", "Scripts/"].contains { entry.path.hasPrefix("\(layout.directory)/\($0)") }
            }.map(\.path)
            let newCode = untracked.filter(isCode)
            let dirs = newCode.map(component).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let files = untracked.filter { dirs.contains(component($0)) && !GitNoArtifactsGate.isArtifactName($0) }
            if !dirs.isEmpty {
                return .fail(
                    reasons: [
                        "pack \(layout.pack): nothing in \(layout.directory) changed against \(main), but "
                            + "\(dirs.joined(separator: ", ")) \(dirs.count == 1 ? "has" : "have") untracked code: "
                            + "untracked files are not part of the change (\(files.joined(separator: ", ")))"
                    ],
                    fix: "git add -- \(Shell.words(files))")
            }
            return .pass("nothing in \(layout.directory) changed against \(main)")
        }

        // Integrations and scripts whose code or YAML changed.
        var components: [(kind: String, name: String, dir: String)] = []
        for path in changes {
            let parts = path.dropFirst(layout.directory.count + 1).split(separator: "/").map(String.init)
            guard parts.count >= 3, parts[0] == "Integrations" || parts[0] == "Scripts" else { continue }
            let (kind, name) = (parts[0], parts[1])
            guard classify(parts.dropFirst(2).joined(separator: "/"), component: name) == .code else { continue }
            let dir = "\(layout.directory)/\(kind)/\(name)"
            if !components.contains(where: { $0.dir == dir }) { components.append((kind, name, dir)) }
        }

        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return .fail(
                "pack \(layout.pack): cannot read currentVersion from \(layout.metadata), so the current release notes are unknown",
                fix: "edit \(layout.metadata)")
        }
        let notesPath = layout.releaseNotes(for: version)
        // A new pack at 1.0.0 may have no release notes (the marketplace rejects them there).
        let notes: String? = version != SemVer(1, 0, 0) || context.files.exists(notesPath) ? notesPath : nil

        // The docs each change needs, and who needs them (for the message).
        var wanted: [(file: String, because: String)] = []
        if let notes { wanted.append((notes, changes.count == 1 ? "\(changes[0]) changed" : "\(changes.count) pack files changed")) }
        for component in components {
            let because = "\(component.kind)/\(component.name) code or YAML changed"
            wanted.append((layout.readme, because))
            if component.kind == "Integrations" {
                wanted.append(("\(component.dir)/\(component.name)_description.md", because))
            }
        }
        if wanted.isEmpty { return .pass("a new pack at 1.0.0: no release notes yet, no code change to document") }

        let base = try context.git.mergeBase(with: "refs/heads/\(main)")
        let changedSet = Set(changed)
        var missing: [String] = []
        var firstFile: String?
        var seen: Set<String> = []
        for (file, because) in wanted where seen.insert(file).inserted {
            let now = context.files.read(file)
            let problem: String?
            if !changedSet.contains(file) {
                problem = "\(because) but \(file) did not"
            } else if let now, String(decoding: now, as: UTF8.self).allSatisfy(\.isWhitespace) {
                problem = "\(because) but \(file) is empty"
            } else if let now, let base, let before = try context.git.fileContent(file, at: base),
                squeezed(before) == squeezed(now)
            {
                problem = "\(because) but \(file) changed only in whitespace, which is no update"
            } else {
                problem = nil
            }
            if let problem {
                missing.append("pack \(layout.pack): \(problem)")
                firstFile = firstFile ?? file
            }
        }
        if missing.isEmpty { return .pass("\(changes.count) changed file(s) documented (\(seen.count) doc(s))") }
        return .fail(
            reasons: missing, fix: "update \(firstFile ?? "the docs") (and the others listed) with what changed, then git add them")
    }

    /// The text without any whitespace: equal for two versions that differ in whitespace only.
    static func squeezed(_ bytes: [UInt8]) -> [UInt8] { bytes.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } }

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

    public static let examples: [GateExample] = [
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
            "empty pack README", pack: "Demo", reason: "Packs/Demo/README.md is empty",
            base + [
                PackExample.file("Scripts/Tool/Tool.py", "y = 2\n"), PackExample.file("README.md", "\n"), notes,
                .stage(["Packs"]),
            ]),
    ]
}
