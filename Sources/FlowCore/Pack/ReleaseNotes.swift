import Foundation

/// Release-notes rules: a file per version, in the official format, with no template text left.
public enum ReleaseNotes {
    /// Each leftover placeholder or empty body, as `line:column: problem`. Lines end in LF or
    /// CRLF (release notes written on Windows are as valid), read by `TextScan.lines`.
    public static func problems(in text: String) -> [String] {
        var problems: [String] = []
        var meaningful = false
        for (index, line) in TextScan.lines(text).enumerated() {
            if let range = line.range(of: "%%") {
                let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                let end = line[range.upperBound...].range(of: "%%").map { line[range.lowerBound..<$0.upperBound] }
                problems.append("\(index + 1):\(column): placeholder \(end.map(String.init) ?? "%%") left in the release notes")
            }
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("-") || trimmed.hasPrefix("*"), trimmed.count > 2 { meaningful = true }
        }
        if !meaningful && problems.isEmpty { problems.append("1:1: the release notes have no entry (a `- ` line saying what changed)") }
        return problems
    }
}
