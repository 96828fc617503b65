import Foundation

/// What the tools say about themselves rather than about the user's pack, removed from what flow
/// shows (the log under .git/flow/logs/ keeps every line): demisto-sdk's offline complaint about
/// the repository URL, repeated on every command, and warnings pytest collects from the tools' own
/// installed packages (pytest_freezegun's DeprecationWarning on every run).
public enum ToolNoise {
    /// Colour codes removed, then the noise.
    public static func clean(_ output: String) -> String {
        filter(withoutANSI(output))
    }

    static let noiseLines = [
        "'GitUrlParsed' object has no attribute",
        "defaulting to demisto/content",
    ]

    public static func filter(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { line in !noiseLines.contains { line.contains($0) } }
        return pytestWarnings(lines).joined(separator: "\n")
    }

    /// Drops the entries of pytest's "warnings summary" whose location is inside site-packages,
    /// and the whole section when nothing of the user's remains.
    static func pytestWarnings(_ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("=") && $0.contains(" warnings summary ") }) else { return lines }
        var end = start + 1
        while end < lines.count && !lines[end].hasPrefix("=") && !lines[end].hasPrefix("-- Docs:") { end += 1 }
        // Entries: one or more unindented location lines, then indented message lines.
        var kept: [String] = []
        var entry: [String] = []
        func flush() {
            let locations = entry.filter { !$0.hasPrefix(" ") && !$0.isEmpty }
            if !locations.contains(where: { $0.contains("site-packages/") }) { kept += entry }
            entry = []
        }
        for line in lines[(start + 1)..<end] {
            if !line.hasPrefix(" ") && !line.isEmpty && entry.contains(where: { $0.hasPrefix(" ") || $0.isEmpty }) { flush() }
            entry.append(line)
        }
        flush()
        var result = Array(lines[..<start])
        if kept.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            result += [lines[start]] + kept + (end < lines.count && lines[end].hasPrefix("-- Docs:") ? [lines[end]] : [])
        }
        let rest = end < lines.count && lines[end].hasPrefix("-- Docs:") ? end + 1 : end
        return result + lines[rest...]
    }
}
