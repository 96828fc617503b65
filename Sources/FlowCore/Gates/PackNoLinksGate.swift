/// `pack.no-links`: nothing in the pack is a symbolic link or another repository (a submodule),
/// and the pack directory is neither. git stores a link, not what it points at: the gates would
/// judge the link while the zip carries whatever its target holds that day, and a submodule's
/// files are not in this repository at all. The files must be the pack's own.
public enum PackNoLinksGate: Gate {
    public static let id = "pack.no-links"
    public static let summary = "the pack's files are its own: no symbolic link or submodule in it"
    public static let scope = GateScope.pack
    public static let takesDebt = false

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let root = "\(context.config.packsRoot)/\(pack)"
        var problems: [String] = []
        if context.files.isSymbolicLink(root) {
            problems.append("\(root) is a symbolic link: a pack is a directory of files committed here")
        } else if context.files.isSubmodule(root) {
            problems.append("\(root) is a submodule: its files are another repository's, never judged or zipped here")
        } else {
            walk(root, context.files, into: &problems)
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems,
            fix: "replace each link with a real copy of the file it points to (or move the shared "
                + "code into the pack, as an API module), then stage it; a submodule's files are copied in the same way")
    }

    static func walk(_ directory: String, _ files: FileReading, into problems: inout [String]) {
        for name in files.list(directory) ?? [] {
            let path = directory + "/" + name
            if files.isSymbolicLink(path) {
                problems.append("\(path) is a symbolic link: the zip would carry what it points at, which no gate judged")
            } else if files.isSubmodule(path) {
                problems.append("\(path) is a submodule: its files are another repository's, never judged or zipped here")
            } else if files.isDirectory(path) {
                walk(path, files, into: &problems)
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
    ]
}
