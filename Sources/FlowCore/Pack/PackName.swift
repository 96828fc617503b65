import Foundation

/// The rule for pack names, shared by the survey and the `pack.name-safe` gate: a pack name
/// becomes a directory name under Packs/, so it must not be able to point anywhere else.
public enum PackName {
    /// Why a pack name is refused, or nil when it is safe as a directory name and PascalCase.
    public static func problem(_ name: String) -> String? {
        if let problem = pathProblem(name) { return problem }
        if name.unicodeScalars.contains(where: { !$0.isASCII }) { return "pack name \(name) has non-ASCII characters" }
        if name.contains(" ") { return "pack name \(name) has spaces" }
        guard let first = name.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(first),
              name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) }) else {
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
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard let first = name.unicodeScalars.first, CharacterSet.alphanumerics.contains(first),
              name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            return "pack name \(name) is not a plain directory name (letters, digits, - and _, starting with a letter or digit)"
        }
        if name.count > 100 { return "pack name \(name) is longer than 100 characters" }
        return nil
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
