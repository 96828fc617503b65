/// A finding a tool printed about one place of a file as it is on disk: a `path:line[:col]: text`
/// line (ruff, flake8, mypy, pylint's parseable format) or one changed line of a unified diff
/// that a formatter would apply (`ruff format --diff`, black, isort).
public struct ToolFinding: Equatable, Sendable {
    /// As the tool printed it (relative to where it ran, or absolute).
    public let file: String
    /// The lines of the file the finding is about (a diff's insertion touches the line before
    /// and the line after it).
    public let lines: ClosedRange<Int>
    /// What to show for it: the tool's own line, or `path:line: <formatter> would change ...`.
    public let text: String

    public init(file: String, lines: ClosedRange<Int>, text: String) {
        self.file = file
        self.lines = lines
        self.text = text
    }
}

/// Reads the findings out of a check's output and splits them by the lines a change touched
/// (the action key `findings: changed-lines`).
public enum ToolFindings {
    /// Every finding the output holds, in order; empty when it holds none flow can read (then the
    /// failure counts whole: fail closed).
    public static func parse(_ output: String) -> [ToolFinding] {
        var findings: [ToolFinding] = []
        let lines = TextScan.lines(output).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("--- "), index + 2 < lines.count, lines[index + 1].hasPrefix("+++ "),
                lines[index + 2].hasPrefix("@@ ")
            {
                let file = diffPath(String(line.dropFirst(4)))
                index = parseDiff(lines, from: index + 2, file: file, into: &findings)
                continue
            }
            if let finding = located(line) { findings.append(finding) }
            index += 1
        }
        return findings
    }

    /// The findings on lines the change added or modified. `changed(file)` answers with those
    /// line numbers (1-based), or nil for a file the change added (all of it is new).
    public static func split(_ findings: [ToolFinding], changed: (String) -> Set<Int>?) -> (new: [ToolFinding], debt: [ToolFinding]) {
        var new: [ToolFinding] = []
        var debt: [ToolFinding] = []
        for finding in findings {
            if let lines = changed(finding.file), !finding.lines.contains(where: lines.contains) {
                debt.append(finding)
            } else {
                new.append(finding)
            }
        }
        return (new, debt)
    }

    /// The 1-based numbers of the lines of `new` that are not in `old` (added or modified), by
    /// the same longest-common-subsequence diff git shows.
    public static func addedLines(old: String, new: String) -> Set<Int> {
        let before = TextScan.lines(old)
        let after = TextScan.lines(new)
        var added: Set<Int> = []
        for change in after.difference(from: before) {
            if case .insert(let offset, _, _) = change { added.insert(offset + 1) }
        }
        return added
    }

    /// Consecutive runs of line numbers, bottom first (a fix applied to a later range leaves the
    /// earlier ranges' line numbers as they were).
    public static func ranges(_ lines: Set<Int>) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for line in lines.sorted() {
            if let last = result.last, last.upperBound + 1 == line {
                result[result.count - 1] = last.lowerBound...line
            } else {
                result.append(line...line)
            }
        }
        return result.reversed()
    }

    /// `path:12:5: text` or `path:12: text`.
    static func located(_ line: String) -> ToolFinding? {
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, let file = parts.first, !file.isEmpty, !file.contains(" "),
            let number = Int(parts[1]), number > 0
        else { return nil }
        // `:col:` is optional; what follows the last number must start with a space.
        let rest = parts.count == 4 && Int(parts[2]) != nil ? parts[3] : parts[2...].joined(separator: ":")[...]
        guard rest.hasPrefix(" ") else { return nil }
        return ToolFinding(file: String(file), lines: number...number, text: line)
    }

    /// `a/path`, `b/path` (git's prefixes) and `path\t<date>` (diff -u) to the path.
    static func diffPath(_ header: String) -> String {
        var path = header.split(separator: "\t", maxSplits: 1).first.map(String.init) ?? header
        if path.hasPrefix("a/") || path.hasPrefix("b/") { path.removeFirst(2) }
        return path
    }

    /// Reads the hunks of one file's diff starting at its first `@@`; returns the index after them.
    static func parseDiff(_ lines: [String], from start: Int, file: String, into findings: inout [ToolFinding]) -> Int {
        var index = start
        while index < lines.count, lines[index].hasPrefix("@@ ") {
            guard let (oldStart, oldCount, newCount) = hunkHeader(lines[index]) else { return index + 1 }
            index += 1
            var oldLine = oldStart
            var oldLeft = oldCount
            var newLeft = newCount
            // A `+` run right after a `-` run replaces those lines (their findings cover it); a
            // `+` run after context inserts between two lines: one finding touching both.
            var previous: Character = " "
            while index < lines.count, oldLeft > 0 || newLeft > 0 {
                let line = lines[index]
                let kind = line.first ?? " "
                switch kind {
                case "-":
                    findings.append(
                        ToolFinding(
                            file: file, lines: oldLine...oldLine,
                            text: "\(file):\(oldLine): the formatter would change this line"))
                    oldLine += 1
                    oldLeft -= 1
                case "+":
                    if previous != "-" && previous != "+" {
                        let before = max(oldLine - 1, 1)
                        findings.append(
                            ToolFinding(
                                file: file, lines: before...max(oldLine, before),
                                text: "\(file):\(oldLine): the formatter would insert a line here"))
                    }
                    newLeft -= 1
                case "\\":
                    break  // "\ No newline at end of file"
                default:
                    oldLine += 1
                    oldLeft -= 1
                    newLeft -= 1
                }
                if kind != "\\" { previous = kind == "-" || kind == "+" ? kind : " " }
                index += 1
            }
        }
        return index
    }

    /// `@@ -a[,b] +c[,d] @@`: the old start, old count and new count.
    static func hunkHeader(_ line: String) -> (Int, Int, Int)? {
        let words = line.split(separator: " ")
        guard words.count >= 3, words[1].hasPrefix("-"), words[2].hasPrefix("+") else { return nil }
        func range(_ word: Substring) -> (Int, Int)? {
            let numbers = word.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(numbers[0]) else { return nil }
            guard numbers.count > 1 else { return (start, 1) }
            guard let count = Int(numbers[1]) else { return nil }
            return (start, count)
        }
        guard let old = range(words[1]), let new = range(words[2]) else { return nil }
        // An empty old side (`-0,0` or `-5,0`) inserts after that line.
        return (old.1 == 0 ? old.0 + 1 : old.0, old.1, new.1)
    }
}
