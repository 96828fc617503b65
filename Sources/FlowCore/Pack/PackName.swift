import Foundation

/// The rule for pack names, shared by the survey and the `pack.name-safe` gate: a pack name
/// becomes a directory name under Packs/, so it must not be able to point anywhere else.
public enum PackName {
    /// Why a pack name is refused, or nil when it is safe as a directory name and PascalCase.
    public static func problem(_ name: String) -> String? {
        if let problem = pathProblem(name) { return problem }
        if name.unicodeScalars.contains(where: { !$0.isASCII }) { return "pack name \(name) has non-ASCII characters" }
        if name.contains(" ") { return "pack name \(name) has spaces" }
        // All ASCII from here: letters and digits by their code points.
        guard let first = name.utf8.first, isUpper(first), name.utf8.allSatisfy(isAlphanumeric) else {
            return "pack name \(name) is not PascalCase (letters and digits, starting with a capital)"
        }
        if name.count > 60 { return "pack name \(name) is longer than 60 characters" }
        return nil
    }

    /// Why the name of a pack that already exists is refused, or nil. Real packs have `-` and
    /// `_` in their directory names (`AWS-EC2`, `Active_Directory_Query`,
    /// `HelloWorldPremium-Resell`): any safe directory name of ASCII letters, digits, `-` and `_`,
    /// starting with a letter or digit, is kept as it is.
    public static func existingProblem(_ name: String) -> String? {
        if let problem = pathProblem(name) { return problem }
        if name.unicodeScalars.contains(where: { !$0.isASCII }) { return "pack name \(name) has non-ASCII characters" }
        if name.contains(" ") { return "pack name \(name) has spaces" }
        guard let first = name.utf8.first, isAlphanumeric(first),
            name.utf8.allSatisfy({ isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F })
        else {
            return "pack name \(name) is not a plain directory name (letters, digits, - and _, starting with a letter or digit)"
        }
        if name.count > 100 { return "pack name \(name) is longer than 100 characters" }
        return nil
    }

    private static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isUpper(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// Why `Packs/<name>` could lead somewhere other than a directory inside Packs/ (empty, `..`,
    /// a separator, a NUL), or nil. Nothing builds a path from a name this refuses.
    public static func pathProblem(_ name: String) -> String? {
        if name.isEmpty { return "the pack name is empty" }
        if name == "." { return "pack name . is Packs/ itself" }
        if name.contains("..") || name.contains("/") || name.contains("\\") || name.contains("\0") {
            return "pack name \(name) contains a path separator or `..`"
        }
        return nil
    }
}
