import Foundation

/// The commit trailer that binds a commit's pack content to the checks that passed on it:
/// `Flow-Evidence: pack=<Pack> tree=<40-hex tree id of Packs/<Pack>> checks=test,lint,validate`.
/// One line per pack. `checks=release` marks flow's own version-bump commit.
public struct EvidenceTrailer: Equatable, Sendable, CustomStringConvertible {
    public static let key = "Flow-Evidence"
    /// The checks an ordinary commit must carry.
    public static let requiredChecks = ["test", "lint", "validate"]
    public static let releaseCheck = "release"

    public let pack: String
    public let tree: String
    public let checks: [String]

    public init(pack: String, tree: String, checks: [String]) {
        self.pack = pack
        self.tree = tree
        self.checks = checks
    }

    public var description: String {
        "\(EvidenceTrailer.key): pack=\(pack) tree=\(tree) checks=\(checks.joined(separator: ","))"
    }

    public var isRelease: Bool { checks == [EvidenceTrailer.releaseCheck] }
    public var coversRequiredChecks: Bool { EvidenceTrailer.requiredChecks.allSatisfy(checks.contains) }

    /// Parses one line; nil unless it is exactly a well-formed trailer.
    public static func parse(line: String) -> EvidenceTrailer? {
        let prefix = key + ": "
        guard line.hasPrefix(prefix) else { return nil }
        var fields: [String: String] = [:]
        for part in line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else { return nil }
            let name = String(part[..<eq])
            guard fields[name] == nil else { return nil }
            fields[name] = String(part[part.index(after: eq)...])
        }
        guard fields.count == 3, let pack = fields["pack"], !pack.isEmpty, let tree = fields["tree"],
              tree.utf8.count == 40, tree.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
              let checkList = fields["checks"] else { return nil }
        let checks = checkList.split(separator: ",").map(String.init)
        guard !checks.isEmpty, checks.allSatisfy({ !$0.isEmpty }) else { return nil }
        return EvidenceTrailer(pack: pack, tree: tree, checks: checks)
    }

    /// Every trailer in a commit message (any line; git puts trailers in the last paragraph).
    public static func all(in message: String) -> [EvidenceTrailer] {
        message.split(separator: "\n").compactMap { parse(line: $0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Lines starting with the key that do not parse: reported rather than silently ignored.
    public static func malformed(in message: String) -> [String] {
        message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix(key + ":") && parse(line: $0) == nil }
    }
}
