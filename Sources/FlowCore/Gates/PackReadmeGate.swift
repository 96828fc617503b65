/// `pack.readme`: the pack has a README.md with more than its title (the marketplace page shows it).
public enum PackReadmeGate: Gate {
    public static let id = "pack.readme"
    public static let summary = "the pack has a README.md with content beyond its title"
    public static let scope = GateScope.pack

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard let bytes = context.files.read(layout.readme) else {
            return .fail("pack \(layout.pack): \(layout.readme) is missing", fix: "flow create (writes the README structure)")
        }
        let body = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("# ") }
        if body.isEmpty {
            return .fail("pack \(layout.pack): \(layout.readme) is empty (demisto-sdk init leaves it so)",
                         fix: "write an overview, the configuration and the commands into \(layout.readme)")
        }
        return .pass()
    }

    public static let examples: [GateExample] = [
        .passing("written", pack: "Demo", initialCommit + [PackExample.file("README.md", "# Demo\n\nDoes things.\n")]),
        .failing("missing", pack: "Demo", reason: "Packs/Demo/README.md is missing", initialCommit),
        .failing("empty", pack: "Demo", reason: "Packs/Demo/README.md is empty", initialCommit + [PackExample.file("README.md", "")]),
    ]
}
