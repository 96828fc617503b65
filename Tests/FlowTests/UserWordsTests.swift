import FlowCore
import Foundation
import Testing

/// The text flow shows a user, from the sources: the string literals of `Sources/**/*.swift`, the
/// files compiled into the binary (`Resources/`, `Workflows/`) and the documents for users.
enum UserText {
    /// The README, CONTRIBUTING.md and every document under docs/ (the README links them all).
    static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: SourceTree.root + "/docs")) ?? []
        return ["README.md", "CONTRIBUTING.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    /// Every text with where it is: one entry per string literal, per embedded file, per document.
    static func all() throws -> [(place: String, text: String)] {
        let root = SourceTree.root
        var texts: [(String, String)] = []
        for file in try files(under: "Sources", root: root) where file.hasSuffix(".swift") {
            let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            texts += stringLiterals(in: source).map { ("\(file):\($0.line)", $0.text) }
        }
        for file in try files(under: "Resources", root: root) + files(under: "Workflows", root: root) + documents {
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
            texts.append((file, text))
        }
        return texts
    }

    static func files(under folder: String, root: String) throws -> [String] {
        let paths = FileManager.default.enumerator(atPath: root + "/" + folder)?.compactMap { $0 as? String } ?? []
        return paths.sorted().map { folder + "/" + $0 }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    /// The string literals of a Swift source, each with the line it starts on: plain, multi-line
    /// (`"""`) and raw (`#"…"#`) ones; comments are skipped and the code inside an interpolation
    /// `\(…)` is read as code (its own literals are found too).
    static func stringLiterals(in source: String) -> [(line: Int, text: String)] {
        let s = Array(source.unicodeScalars)
        var found: [(Int, String)] = []
        var i = 0
        var line = 1
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func starts(_ text: String, _ k: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            return k + t.count <= s.count && Array(s[k..<(k + t.count)]) == t
        }
        /// Reads code from i until an unbalanced `)` (depth > 0 only inside an interpolation).
        func code(inInterpolation: Bool) {
            var depth = 0
            while i < s.count {
                let c = s[i]
                if c == "\n" { line += 1 }
                if starts("//", i) {
                    while i < s.count, s[i] != "\n" { i += 1 }
                    continue
                }
                if starts("/*", i) {
                    var nesting = 0
                    repeat {
                        if starts("/*", i) {
                            nesting += 1
                            i += 2
                        } else if starts("*/", i) {
                            nesting -= 1
                            i += 2
                        } else {
                            if s[i] == "\n" { line += 1 }
                            i += 1
                        }
                    } while i < s.count && nesting > 0
                    continue
                }
                if c == "#" || c == "\"" {
                    var hashes = 0
                    while at(i + hashes) == "#" { hashes += 1 }
                    if at(i + hashes) == "\"" {
                        i += hashes
                        literal(hashes: hashes)
                        continue
                    }
                }
                if inInterpolation {
                    if c == "(" { depth += 1 }
                    if c == ")" {
                        if depth == 0 {
                            i += 1
                            return
                        }
                        depth -= 1
                    }
                }
                i += 1
            }
        }
        /// Reads a literal whose opening quote is at i, with `hashes` `#`s around it.
        func literal(hashes: Int) {
            let multi = starts("\"\"\"", i)
            i += multi ? 3 : 1
            let startLine = line
            let close = (multi ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
            let escape = "\\" + String(repeating: "#", count: hashes)
            var text = ""
            while i < s.count {
                if starts(close, i) {
                    i += close.unicodeScalars.count
                    break
                }
                if starts(escape, i) {
                    i += escape.unicodeScalars.count
                    if at(i) == "(" {
                        i += 1
                        text += " "
                        code(inInterpolation: true)
                        continue
                    }
                    if let c = at(i) {
                        if c == "\n" { line += 1 }
                        text += c == "n" ? "\n" : c == "t" ? "\t" : String(c)
                        i += 1
                    }
                    continue
                }
                if s[i] == "\n" { line += 1 }
                text.unicodeScalars.append(s[i])
                i += 1
            }
            found.append((startLine, text))
        }
        code(inInterpolation: false)
        return found
    }
}

@Suite("What a user reads speaks the user's words")
struct UserWordsTests {
    @Test("the string literal reader finds literals, interpolations' literals, raw and multi-line ones, not comments")
    func literalReader() {
        let source = #"""
            // a "commented" word
            let a = "one \(f("two")) three" /* "not" */
            let b = #"raw "four""#
            let c = """
                five
                """
            """#
        let texts = UserText.stringLiterals(in: source).map(\.text)
        #expect(texts == ["two", "one   three", "raw \"four\"", "\n    five\n    "], "\(texts)")
    }

    @Test("no message, help text, shipped file or user document says \"seed\": users never saw those documents")
    func noSeed() throws {
        let word = try Regex(#"(?i)\bseeds?\b"#)
        let texts = try UserText.all()
        #expect(texts.count > 500, "read \(texts.count) texts")
        let hits = texts.flatMap { place, text in
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.contains(word) }
                .map { "\(place)\(place.contains(":") ? "" : ":\($0.offset + 1)"): \($0.element)" }
        }
        #expect(hits.isEmpty, "name the rule instead, e.g. S19 (docs/xsoar-lifecycle.md#s19):\n\(hits.joined(separator: "\n"))")
    }

    @Test("every rule a message cites has its anchor in docs/xsoar-lifecycle.md, and every rule row has one")
    func citedRulesHaveAnchors() throws {
        let doc = try String(contentsOfFile: SourceTree.root + "/" + LifecycleRule.document, encoding: .utf8)
        let anchors = Set(
            doc.matches(of: try Regex(#"<a id="([a-z]+[0-9]+)"></a>"#)).compactMap { $0.output[1].substring.map(String.init) })
        let row = try Regex(#"^\| (<a id="[a-z0-9]+"></a>)?[STP][0-9]+ \|"#)
        let rows = doc.split(separator: "\n").filter { $0.contains(row) }
        #expect(rows.count >= 95, "\(rows.count) rule rows")
        for line in rows { #expect(line.hasPrefix("| <a id=\""), "no anchor: \(line)") }
        var cited: [String] = []
        for file in try UserText.files(under: "Sources", root: SourceTree.root) where file.hasSuffix(".swift") {
            let source = try String(contentsOfFile: SourceTree.root + "/" + file, encoding: .utf8)
            cited += source.matches(of: try Regex(#"LifecycleRule\.cite\("([A-Z][0-9]+)"\)"#)).compactMap {
                $0.output[1].substring.map(String.init)
            }
        }
        #expect(cited.count >= 20, "\(cited.count) citations")
        for id in cited { #expect(anchors.contains(id.lowercased()), "\(id) has no anchor in \(LifecycleRule.document)") }
        #expect(LifecycleRule.cite("S19") == "S19 (docs/xsoar-lifecycle.md#s19)")
    }
}
