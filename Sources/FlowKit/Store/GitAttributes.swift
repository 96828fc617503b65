import FlowCore
import Foundation

/// `.gitattributes` at the repository root: release notes merge with git's union driver, so two
/// features of one cycle that each add a bullet to the same `ReleaseNotes/<version>.md` merge
/// without a conflict (both bullets kept). Written by `flow init`, ensured by `flow hooks install`.
public enum GitAttributes {
    public static let relativePath = ".gitattributes"

    /// The line for a packs root (`Packs/*/ReleaseNotes/*.md merge=union`).
    public static func releaseNotesLine(packsRoot: String) -> String {
        "\(packsRoot)/*/ReleaseNotes/*.md merge=union"
    }

    /// Adds the line when `.gitattributes` lacks it; true when the file was written.
    @discardableResult
    public static func ensureReleaseNotesUnion(root: String, packsRoot: String) throws -> Bool {
        let path = root + "/" + relativePath
        let line = releaseNotesLine(packsRoot: packsRoot)
        let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(line) { return false }
        let text =
            existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n")
            + "# flow: both features' release-notes bullets are kept when they meet in one file\n" + line + "\n"
        try AtomicFile.write(Data(text.utf8), to: path)
        return true
    }
}
