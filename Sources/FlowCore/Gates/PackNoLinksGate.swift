/// `pack.no-links`: nothing in the pack is a symbolic link or another repository (a submodule),
/// and the pack directory is neither. git stores a link, not what it points at: the gates would
/// judge the link while the zip carries whatever its target holds that day, and a submodule's
/// files are not in this repository at all. The files must be the pack's own, and git must store
/// them as they are: a file that `git add` passes through a clean filter (`filter=NAME` in
/// .gitattributes with `filter.NAME.clean` configured) is committed as the filter's output while
/// the tests and lint read the file on disk, so the evidence would be for other bytes.
public enum PackNoLinksGate: Gate {
    public static let id = "pack.no-links"
    public static let summary = "the pack's files are its own, stored as they are: no symbolic link, submodule or clean filter"
    public static let scope = GateScope.pack
    public static let takesDebt = false

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let root = "\(context.config.packsRoot)/\(pack)"
        var problems: [String] = []
        var files: [String] = []
        if context.files.isSymbolicLink(root) {
            problems.append("\(root) is a symbolic link: a pack is a directory of files committed here")
        } else if context.files.isSubmodule(root) {
            problems.append("\(root) is a submodule: its files are another repository's, never judged or zipped here")
        } else {
            walk(root, context.files, into: &problems, files: &files)
        }
        let filtered = try context.git.filterDrivers(for: files)
        for path in files where filtered[path] != nil {
            problems.append(
                "\(path) goes through the clean filter \(filtered[path]!) (its filter attribute in .gitattributes) when staged: "
                    + "the commit would hold the filter's output, not the bytes the checks read")
        }
        if problems.isEmpty { return .pass() }
        var fixes: [String] = []
        if problems.contains(where: { !$0.contains(" clean filter ") }) {
            fixes.append(
                "replace each link with a real copy of the file it points to (or move the shared "
                    + "code into the pack, as an API module), then stage it; a submodule's files are copied in the same way")
        }
        if !filtered.isEmpty {
            fixes.append(
                "take the pack's files out of the filter: a line `\(root)/** -filter` at the end of .gitattributes, then stage them again")
        }
        return .fail(reasons: problems, fix: fixes.joined(separator: "; "))
    }

    static func walk(_ directory: String, _ reader: FileReading, into problems: inout [String], files: inout [String]) {
        for name in reader.list(directory) ?? [] {
            let path = directory + "/" + name
            if reader.isSymbolicLink(path) {
                problems.append("\(path) is a symbolic link: the zip would carry what it points at, which no gate judged")
            } else if reader.isSubmodule(path) {
                problems.append("\(path) is a submodule: its files are another repository's, never judged or zipped here")
            } else if reader.isDirectory(path) {
                walk(path, reader, into: &problems, files: &files)
            } else {
                files.append(path)
            }
        }
    }

    static let source = PackExample.file("Integrations/Hello/Hello.py", "x = 1\n")

    public static let examples: [GateExample] = [
        .passing("files only", pack: "Demo", initialCommit + [source]),
        .failing(
            "a .py linked from outside the pack", pack: "Demo", reason: "Packs/Demo/Integrations/Hello/shared.py is a symbolic link",
            initialCommit + [
                source, .write("shared/shared.py", "y = 2\n"),
                .symlink("Packs/Demo/Integrations/Hello/shared.py", to: "../../../../shared/shared.py"),
            ]),
        .failing(
            "the pack directory is a link", pack: "Demo", reason: "Packs/Demo is a symbolic link",
            initialCommit + [.write("Elsewhere/Demo/README.md", "x\n"), .symlink("Packs/Demo", to: "../Elsewhere/Demo")]),
        .failing(
            "a submodule in the pack", pack: "Demo", reason: "Packs/Demo/Vendor is a submodule",
            initialCommit + [source, .write("Packs/Demo/Vendor/.git", "gitdir: ../../../.git/modules/Vendor\n")]),
        .failing(
            "a clean filter rewrites the pack's Python when staged", pack: "Demo",
            reason: "Packs/Demo/Integrations/Hello/Hello.py goes through the clean filter strip",
            initialCommit + [
                .gitConfig("filter.strip.clean", "sed -e /assert/d"), .write(".gitattributes", "*.py filter=strip\n"), source,
            ]),
        .passing(
            "a filter attribute with no clean command configured here, and line-ending attributes", pack: "Demo",
            initialCommit + [.write(".gitattributes", "*.py filter=lfs text eol=lf\n"), source]),
    ]
}
