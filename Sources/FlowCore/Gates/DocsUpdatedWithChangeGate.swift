/// `docs.updated-with-change`: every integration or script this branch changed (against the
/// merge-base with main, committed or staged) also changed its README.md, its _description.md
/// (integrations) and the current release notes.
public enum DocsUpdatedWithChangeGate: Gate {
    public static let id = "docs.updated-with-change"
    public static let summary = "a changed integration/script also changes its README, _description.md and the current ReleaseNotes"
    public static let scope = GateScope.pack

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let main = context.config.mainBranch
        guard let changed = try context.git.changedPaths(since: "refs/heads/\(main)") else {
            return .fail("branch \(main) does not exist, so there is nothing to compare this branch with",
                         fix: "git branch \(main) <first commit> (or set mainBranch in .flow/config.yml)")
        }
        let changedSet = Set(changed)
        // Components whose own content changed; edits to their docs alone need nothing more.
        var components: [(kind: String, name: String, dir: String)] = []
        for path in changed where path.hasPrefix(layout.directory + "/") {
            let parts = path.dropFirst(layout.directory.count + 1).split(separator: "/").map(String.init)
            guard parts.count >= 3, parts[0] == "Integrations" || parts[0] == "Scripts" else { continue }
            let (kind, name) = (parts[0], parts[1])
            let file = parts.dropFirst(2).joined(separator: "/")
            if file == "README.md" || file == "\(name)_description.md" { continue }
            let dir = "\(layout.directory)/\(kind)/\(name)"
            if !components.contains(where: { $0.dir == dir }) { components.append((kind, name, dir)) }
        }
        if components.isEmpty {
            // A new integration not yet added is invisible to a diff: say so instead of "nothing changed".
            let untracked = try context.git.status(pathspec: layout.directory).filter { entry in
                entry.untracked && ["Integrations/", "Scripts/"].contains { entry.path.hasPrefix("\(layout.directory)/\($0)") }
            }.map(\.path)
            if !untracked.isEmpty {
                let dirs = untracked.map { path -> String in
                    path.split(separator: "/").prefix(layout.directory.split(separator: "/").count + 2).joined(separator: "/")
                }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                return .fail(reasons: ["pack \(layout.pack): no integration or script changed against \(main), but "
                                       + "\(dirs.joined(separator: ", ")) \(dirs.count == 1 ? "is" : "are") untracked: "
                                       + "untracked files are not part of the change"],
                             fix: "git add \(dirs.joined(separator: " "))")
            }
            return .pass("no integration or script changed against \(main)")
        }
        var notes: String?
        if case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion {
            let path = layout.releaseNotes(for: version)
            // A new pack at 1.0.0 may have no release notes (the marketplace rejects them there).
            if version != SemVer(1, 0, 0) || context.files.exists(path) { notes = path }
        } else {
            return .fail("pack \(layout.pack): cannot read currentVersion from \(layout.metadata), so the current release notes are unknown",
                         fix: "edit \(layout.metadata)")
        }
        var missing: [String] = []
        var firstFile: String?
        for component in components {
            var wanted = ["\(component.dir)/README.md"]
            if component.kind == "Integrations" { wanted.append("\(component.dir)/\(component.name)_description.md") }
            if let notes { wanted.append(notes) }
            for file in wanted {
                if !changedSet.contains(file) {
                    missing.append("pack \(layout.pack): \(component.kind)/\(component.name) changed but \(file) did not")
                } else if file.hasSuffix("README.md"), let bytes = context.files.read(file),
                          String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace) {
                    // demisto-sdk init can leave an empty README behind after a failed remote fetch.
                    missing.append("pack \(layout.pack): \(file) is empty")
                } else {
                    continue
                }
                firstFile = firstFile ?? file
            }
        }
        if missing.isEmpty { return .pass("\(components.count) changed component(s) documented") }
        return .fail(reasons: missing, fix: "update \(firstFile ?? "the docs") (and the others listed), then git add them")
    }

    static let dir = "Integrations/Hello"
    static let base: [RepoStep] = initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata()),
                                                    .stage(["Packs"]), .commit("pack"), .branch("feature/hello")]

    public static let examples: [GateExample] = [
        .passing("code and docs together", pack: "Demo", base + [
            PackExample.file("\(dir)/Hello.py", "x = 1\n"), PackExample.file("\(dir)/README.md", "# Hello\n"),
            PackExample.file("\(dir)/Hello_description.md", "Hello.\n"), .stage(["Packs"]), .commit("hello")]),
        .failing("a new integration not yet added", pack: "Demo",
                 reason: "Packs/Demo/Integrations/Hello is untracked: untracked files are not part of the change",
                 base + [PackExample.file("\(dir)/Hello.py", "x = 1\n")]),
        .failing("code without docs", pack: "Demo", reason: "Integrations/Hello changed but Packs/Demo/Integrations/Hello/README.md did not",
                 base + [PackExample.file("\(dir)/Hello.py", "x = 1\n"), .stage(["Packs"])]),
        .failing("release notes not updated", pack: "Demo", reason: "Scripts/Tool changed but Packs/Demo/ReleaseNotes/1_0_1.md did not",
                 initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1")),
                                  PackExample.file("ReleaseNotes/1_0_1.md", "- x\n"), .stage(["Packs"]), .commit("pack"),
                                  .branch("feature/tool"), PackExample.file("Scripts/Tool/Tool.py", "y = 2\n"),
                                  PackExample.file("Scripts/Tool/README.md", "# Tool\n"), .stage(["Packs"]), .commit("tool")]),
        .passing("nothing changed", pack: "Demo", base),
        .failing("empty README", pack: "Demo", reason: "Packs/Demo/Scripts/Tool/README.md is empty",
                 base + [PackExample.file("Scripts/Tool/Tool.py", "y = 2\n"), PackExample.file("Scripts/Tool/README.md", "\n"),
                         .stage(["Packs"])]),
    ]
}
