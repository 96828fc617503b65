/// Text operations the content gates run on every line of a pack, written on Unicode scalars
/// and bytes instead of Foundation's: its character sets and case-insensitive search go through
/// ICU, whose first use costs a commit milliseconds. Each answers as the Foundation call it
/// replaces (TextScanTests compares them).
extension StringProtocol {
    /// Foundation's `trimmingCharacters(in: .whitespaces)`: tab, the space separators (Zs) and,
    /// as Foundation's set has it, U+200B ZERO WIDTH SPACE, at both ends.
    public func trimmingWhitespace() -> String { trimmingScalars(where: TextScan.isWhitespace) }

    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`: also line and paragraph
    /// separators, U+000A through U+000D and U+0085.
    public func trimmingWhitespaceAndNewlines() -> String { trimmingScalars(where: TextScan.isWhitespaceOrNewline) }

    private func trimmingScalars(where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !drop($0) })!
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[first...last])
        return String(kept)
    }
}

public enum TextScan {
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0x200B: return true
        case 0..<0x80: return false
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    static func isWhitespaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0x200B: return true
        case 0..<0x80: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    /// Where ASCII `needle` first occurs in `text`, letters compared without case: the matched
    /// range, in `text`'s own indices. `range(of:options: .caseInsensitive)` for an ASCII needle,
    /// except that a non-ASCII character never matches an ASCII letter (Foundation would fold
    /// the Kelvin sign to k).
    public static func asciiRangeIgnoringCase(of needle: String, in text: String) -> Range<String.Index>? {
        let pattern = Array(needle.utf8).map(asciiLowercased)
        guard let head = pattern.first else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start != utf8.endIndex {
            if asciiLowercased(utf8[start]) == head {
                var i = start
                var k = 0
                while k < pattern.count, i != utf8.endIndex, asciiLowercased(utf8[i]) == pattern[k] {
                    utf8.formIndex(after: &i)
                    k += 1
                }
                // A match of whole characters only: it must not end inside a character that
                // goes on (a combining mark after the last letter).
                if k == pattern.count, let lower = start.samePosition(in: text), let upper = i.samePosition(in: text) {
                    return lower..<upper
                }
            }
            utf8.formIndex(after: &start)
        }
        return nil
    }

    /// The lines of a text file as every content gate reads them, so that a message's line number
    /// is the editor's: split at LF, CRLF and a lone CR, empty lines kept (line N is index N-1).
    /// `split(separator: "\n")` would miss CRLF, which Swift keeps as one Character; other
    /// Unicode line separators stay in the line (the ASCII rule reports them).
    public static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// True when `bytes` hold `needle`'s UTF-8 bytes somewhere, as they are.
    public static func bytes(_ bytes: [UInt8], contain needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    /// An ASCII letter's lower-case byte; any other byte as it is.
    public static func asciiLowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
