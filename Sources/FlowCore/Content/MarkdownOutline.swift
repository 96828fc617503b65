import Foundation

/// The headings of a markdown file (outside fenced code) with the lines under each, and the first
/// column of its tables: enough to check the README structure rule S44 prescribes.
public struct MarkdownOutline: Sendable {
    public struct Section: Sendable {
        public let level: Int
        public let title: String
        public let line: Int
        /// Lines up to the next heading of any level, with their 1-based numbers.
        public var body: [(line: Int, text: String)]
    }

    public let sections: [Section]

    public init(_ text: String) {
        var sections: [Section] = []
        // The open fence's character and length: only a run of at least as many of them, alone on
        // its line, closes it. A line such as ```!cmd arg=1``` opens nothing: a backtick fence's
        // info string holds no backtick (CommonMark), so it is inline code, as GitHub shows it.
        var fence: (mark: Character, count: Int)?
        var preamble: [(Int, String)] = []
        for (index, raw) in TextScan.lines(text).enumerated() {
            let line = String(raw).trimmingWhitespace()
            let wasFenced = fence != nil
            if let mark = line.first, mark == "`" || mark == "~" {
                let count = line.prefix { $0 == mark }.count
                let rest = line.dropFirst(count)
                if let open = fence {
                    if mark == open.mark, count >= open.count, rest.allSatisfy({ $0 == " " || $0 == "\t" }) { fence = nil }
                } else if count >= 3, mark == "~" || !rest.contains("`") {
                    fence = (mark, count)
                }
            }
            let fenced = wasFenced || fence != nil
            let hashes = line.prefix { $0 == "#" }.count
            if !fenced, (1...6).contains(hashes), line.dropFirst(hashes).first == " " {
                let title = line.dropFirst(hashes).trimmingWhitespace()
                sections.append(Section(level: hashes, title: MarkdownOutline.plain(title), line: index + 1, body: []))
            } else if sections.isEmpty {
                preamble.append((index + 1, line))
            } else {
                sections[sections.count - 1].body.append((index + 1, line))
            }
        }
        self.sections = sections
    }

    /// True when the section's own lines (up to the next heading) hold something a reader sees:
    /// not only blank lines and HTML comments.
    public func hasText(_ index: Int) -> Bool {
        !MarkdownOutline.withoutComments(sections[index].body.map(\.text).joined(separator: "\n")).allSatisfy(\.isWhitespace)
    }

    /// The text with its HTML comments (`<!-- ... -->`, across lines too) taken out: what a
    /// rendered page shows. An unclosed comment hides the rest, as it does on GitHub.
    public static func withoutComments(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<!--") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "-->") else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// Text without markdown emphasis/code marks and a leading `!` (command headings).
    public static func plain(_ text: String) -> String {
        var result = text.filter { $0 != "`" && $0 != "*" }.trimmingWhitespace()
        if result.hasPrefix("!") { result.removeFirst() }
        return result
    }

    /// Index of the first section with this title (case-insensitive) at `level`, searching from `start`.
    public func index(of title: String, level: Int? = nil, from start: Int = 0, before end: Int? = nil) -> Int? {
        let stop = end ?? sections.count
        guard start < stop else { return nil }
        return (start..<stop).first {
            sections[$0].title.lowercased() == title.lowercased() && (level == nil || sections[$0].level == level)
        }
    }

    /// Where the part that section `index` opens ends: the next heading of the same or a higher level.
    public func end(of index: Int) -> Int {
        let level = sections[index].level
        return ((index + 1)..<sections.count).first { sections[$0].level <= level } ?? sections.count
    }

    /// The first cells of the table rows in a section (header and separator rows left out), with lines.
    public static func firstColumn(_ body: [(line: Int, text: String)]) -> [(line: Int, cell: String)] {
        var rows: [(Int, String)] = []
        var inTable = false
        for (line, text) in body {
            guard text.hasPrefix("|") else {
                inTable = false
                continue
            }
            let cells = text.dropFirst().split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            let first = cells.first ?? ""
            if !inTable {
                inTable = true
                continue
            }  // the header row
            if cells.allSatisfy({ $0.isEmpty || $0.allSatisfy { "-: ".contains($0) } }) { continue }
            rows.append((line, plain(first)))
        }
        return rows
    }
}
