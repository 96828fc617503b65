import FlowCore
import FlowKit
import Foundation

/// A fix line is either one shell command line that pastes as it is, or prose; never both.
enum FixLine {
    /// The programs a fix may start with: a line starting with one is a command line.
    static let commands: Set<String> = [
        "git", "flow", "rm", "mv", "cp", "mkdir", "printf", "echo", "touch", "cd", "pip",
        "python3", "python", "export", "unset", "demisto-sdk", "ruff", "pytest", "sed",
        "chmod", "cat", "ln",
    ]

    static func isCommandLine(_ fix: String) -> Bool {
        let first = fix.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        return commands.contains(first)
    }

    /// Why the line is not one command line (bash cannot parse it, or prose is mixed in), or nil.
    static func syntaxProblem(_ fix: String) -> String? {
        if fix.contains("\n") { return "more than one line" }
        if fix.contains("…") { return "an ellipsis, which pastes as a file name" }
        let bash = ProcessRunner().run(
            ["bash", "-n", "-c", fix], in: FileManager.default.temporaryDirectory.path,
            environment: [:], timeoutSeconds: 30)
        if !bash.succeeded { return "bash -n: \(bash.output.trimmingCharacters(in: .whitespacesAndNewlines))" }
        // Prose bash parses all the same: ", or …", ", then …" outside quotes.
        var quote: Character?
        var previous: Character = " "
        for character in fix {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if previous == ",", character == " " {
                return "prose after a comma"
            }
            previous = character
        }
        return nil
    }

    /// The paths of every `git add` in a fix, a command line or quoted in prose (up to `)`, `&&`,
    /// `;` or the end), with options and `--` left out; placeholders in capitals stay.
    static func addedPaths(_ fix: String) -> [String] {
        var paths: [String] = []
        var rest = Substring(fix)
        while let range = rest.range(of: "git add ") {
            var tail = rest[range.upperBound...]
            for stop in [")", "&&", ";"] {
                if let end = tail.range(of: stop) { tail = tail[..<end.lowerBound] }
            }
            for word in tail.split(separator: " ") {
                let unquoted = word.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                if unquoted == "--" || unquoted.isEmpty { continue }
                paths.append(unquoted)
            }
            rest = rest[range.upperBound...]
        }
        return paths
    }

    /// Why the fix's `git add`s would stage more than the files they name (a directory, `-A`, `.`,
    /// `-u`), or nil.
    static func stagingProblem(_ fix: String, in root: String) -> String? {
        for path in addedPaths(fix) {
            if path.hasPrefix("-") { return "git add \(path) stages files it does not name" }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), isDirectory.boolValue {
                return "git add \(path) stages a whole directory, whatever it holds"
            }
        }
        return nil
    }

    /// The words bash makes of a simple command line (quotes removed).
    static func words(_ fix: String) throws -> [String] {
        let run = ProcessRunner().run(
            ["bash", "-c", "printf '%s\\0' " + fix], in: FileManager.default.temporaryDirectory.path,
            environment: [:], timeoutSeconds: 30)
        guard run.succeeded else { throw FlowError.invalid("bash could not split \(fix): \(run.output)") }
        return run.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}

/// The commit subjects flow suggests: `git commit -m '…'` in its sources' strings, argv
/// commits (the demo), the release bump's subject, and the README's and docs' commands.
struct SuggestedCommit: CustomStringConvertible {
    let file: String
    let subject: String
    var scope: String? {
        guard let open = subject.firstIndex(of: "("), let close = subject.firstIndex(of: ")"), open < close,
            subject[..<open].allSatisfy(\.isLetter)
        else { return nil }
        return String(subject[subject.index(after: open)..<close])
    }
    var description: String { "\(file): \(subject)" }
}

enum SuggestedCommits {
    static func inSources() throws -> [SuggestedCommit] {
        let root = SourceTree.root
        var found: [SuggestedCommit] = []
        let patterns = [
            #"commit(?: -q)? -m '([^']*)'"#,  // in a Swift string or a shell line
            #"commit(?: -q)? -m \\"((?:[^"\\]|\\\()*?)\\""#,  // escaped double quotes in a Swift string
            #""commit", (?:"-q", )?"-m", "([^"]*)""#,  // argv
            #"let subject = "([^"]*)""#,  // the release bump
            #"git commit(?: -q)? -m "([^"]*)""#,  // Markdown
        ]
        let regexes = try patterns.map { try NSRegularExpression(pattern: $0) }
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root + "/Sources")
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".swift") { files.append("Sources/" + path) }
        }
        files +=
            ["README.md"]
            + (try FileManager.default.contentsOfDirectory(atPath: root + "/docs"))
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for regex in regexes {
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let range = Range(match.range(at: 1), in: text) else { continue }
                    var subject = String(text[range])
                        .replacingOccurrences(
                            of: #"\\\((GitRepositoryGate\.)?setUpSubject\)"#, with: GitRepositoryGate.setUpSubject,
                            options: .regularExpression)
                    // Other interpolations name the pack (or a version): a pack name stands in.
                    subject = subject.replacingOccurrences(of: #"\\\([^)]*\)"#, with: "Demo", options: .regularExpression)
                    // A placeholder (`feat(<PackName>): …` in prose) is no subject to paste.
                    if subject.contains("<") || subject.contains("…") || subject.contains("...") { continue }
                    found.append(SuggestedCommit(file: file, subject: subject))
                }
            }
        }
        return found
    }
}
