/// The commit trailer the commit-msg hook writes and `flow verify commits` reads:
///
///     Flow-Evidence: pack=<Pack> tree=<40-hex tree id> checks=test,lint,validate
///
/// One line per pack whose staged content had passing checks. The tree id is the pack
/// directory's subtree in the commit, so a verifier compares it with `<commit>:Packs/<Pack>`.
/// `checks=release` marks flow's own version-bump commit.
public struct EvidenceTrailer: Equatable, Sendable, CustomStringConvertible {
    public static let key = "Flow-Evidence"
    public static let releaseCheck = "release"

    public let pack: String
    public let tree: String
    public let checks: [String]

    public init(pack: String, tree: String, checks: [String]) {
        self.pack = pack
        self.tree = tree
        self.checks = checks
    }

    public var line: String { "\(Self.key): pack=\(pack) tree=\(tree) checks=\(checks.joined(separator: ","))" }
    public var description: String { line }

    public var isRelease: Bool { checks == [EvidenceTrailer.releaseCheck] }

    public static func parse(line: String) -> EvidenceTrailer? { parse(line) }

    /// Parses one line; nil unless it is exactly a well-formed Flow-Evidence trailer.
    public static func parse(_ line: String) -> EvidenceTrailer? {
        let prefix = key + ": "
        guard line.hasPrefix(prefix) else { return nil }
        let fields = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        func value(_ field: Substring, _ name: String) -> String? {
            field.hasPrefix(name + "=") ? String(field.dropFirst(name.count + 1)) : nil
        }
        guard let pack = value(fields[0], "pack"), !pack.isEmpty, !pack.contains("/"),
            let tree = value(fields[1], "tree"), tree.count == 40,
            tree.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
            let list = value(fields[2], "checks")
        else { return nil }
        let checks = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !checks.isEmpty, checks.allSatisfy({ !$0.isEmpty }) else { return nil }
        return EvidenceTrailer(pack: pack, tree: tree, checks: checks)
    }

    /// Every trailer in a commit message (any line that parses).
    public static func all(in message: String) -> [EvidenceTrailer] {
        message.split(separator: "\n", omittingEmptySubsequences: false).compactMap { parse(String($0)) }
    }

    /// Lines starting with the key that do not parse: reported rather than silently ignored.
    public static func malformed(in message: String) -> [String] {
        message.split(separator: "\n").map(String.init).filter { $0.hasPrefix(key + ":") && parse($0) == nil }
    }

    /// The message with these trailers as its last lines: earlier Flow-Evidence lines are
    /// dropped (an amend does not duplicate them), git's comment block and scissors line stay
    /// at the end, and a blank line separates the trailers from a body that is not a trailer block.
    public static func apply(_ trailers: [EvidenceTrailer], to message: String, commentChar: Character = "#") -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        lines.removeAll { $0.hasPrefix(key + ":") }
        // Where git's own text starts: the scissors line, else the trailing run of comment lines.
        var tailStart = lines.count
        // git's scissors line, whatever comment character wrote it (a `-c core.commentChar` the
        // hook could not see must not put the trailers below it, where git cuts them off).
        if let scissors = lines.firstIndex(where: {
            ($0.hasPrefix("\(commentChar) ") && $0.contains(">8"))
                || $0.dropFirst(2) == "------------------------ >8 ------------------------"
        }) {
            tailStart = scissors
        }
        while tailStart > 0, lines[tailStart - 1].hasPrefix(String(commentChar)) || lines[tailStart - 1].isEmpty {
            tailStart -= 1
        }
        var body = Array(lines[..<tailStart])
        let tail = Array(lines[tailStart...].drop { $0.isEmpty })
        guard !trailers.isEmpty else { return (body + (tail.isEmpty ? [] : [""] + tail)).joined(separator: "\n") + "\n" }
        // git reads trailers only from a last paragraph that is not the subject's: "chore: x" on
        // its own looks like a trailer but is the subject, and needs the blank line.
        let paragraph = body.lastIndex(of: "").map { body[($0 + 1)...] }
        if !body.isEmpty, paragraph.map({ $0.isEmpty || !$0.allSatisfy(isTrailerLine) }) ?? true { body.append("") }
        body += trailers.map(\.line)
        var out = body
        if !tail.isEmpty { out += [""] + tail }
        return out.joined(separator: "\n") + "\n"
    }

    /// `Token: value`, as git recognises a trailer.
    static func isTrailerLine(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return false }
        return line[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }
}
