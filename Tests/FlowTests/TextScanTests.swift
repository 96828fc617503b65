import Foundation
import Testing

@testable import FlowCore

/// The hand-written text operations of the content gates answer as the Foundation calls they
/// replace (whose first use loads ICU data, milliseconds of a commit).
@Suite("text scans without Foundation")
struct TextScanTests {
    /// Every scalar Foundation's whitespace sets hold (none lies above U+3000), and their
    /// neighbours; a run over all of Unicode found no other difference.
    static let scalars: [Unicode.Scalar] =
        (0...0x3001).compactMap(Unicode.Scalar.init)
        + [0xFEFF, 0xFFFD, 0x1F600, 0xE0020].compactMap(Unicode.Scalar.init)

    @Test("trimming whitespace (and newlines) equals trimmingCharacters(in:) for every such scalar, alone and around text")
    func trimmingMatchesFoundation() {
        for scalar in Self.scalars {
            let s = String(Character(scalar))
            for text in [s, s + "a" + s, "a" + s + "b", s + s + "\u{301}x" + s, " \t" + s + "é\u{301} " + s] {
                #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "U+\(String(scalar.value, radix: 16))")
                #expect(
                    text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect("".trimmingWhitespace() == "")
        #expect("  \t ".trimmingWhitespace() == "")
        #expect(" a b ".dropFirst().trimmingWhitespace() == "a b")
    }

    @Test("lines split at LF, CRLF and CR alike, empty lines kept, other separators left in the line")
    func linesOfEveryEnding() {
        let expected: [Substring] = ["", "#### Playbooks", "", "- Fixed.", ""]
        for ending in ["\n", "\r\n", "\r"] {
            #expect(TextScan.lines(expected.joined(separator: ending)) == expected, "ending \(Array(ending.unicodeScalars))")
        }
        #expect(TextScan.lines("a\r\nb\nc\rd") == ["a", "b", "c", "d"])
        #expect(TextScan.lines("a\u{2028}b") == ["a\u{2028}b"])
        #expect(TextScan.lines("") == [""])
    }

    @Test("case-insensitive search of the template markers equals range(of:options: .caseInsensitive) on ASCII and accented text")
    func asciiSearchMatchesFoundation() {
        let lines = [
            "# <Pack Name>", "# <pack name> and <PACK NAME>", "Works with Version XX.", "version xx", "versionxx", "no marker here",
            "Ünïcödé <Service-URL> after", "<<service-url>>", "émoji 😀 <service>", "x<Detailed paragraph about it", "<Pack Name",
            "tab\t<SHORT_NAME>\t", "",
        ]
        for line in lines {
            for marker in DocsTemplateTextGate.markers {
                let ours = TextScan.asciiRangeIgnoringCase(of: marker, in: line)
                let foundation = line.range(of: marker, options: .caseInsensitive)
                #expect(ours == foundation, "\(marker) in \(line)")
            }
        }
        // DocsTemplateTextGate skips lines without "<" or "version": every marker holds one.
        #expect(DocsTemplateTextGate.markers.allSatisfy { $0.hasPrefix("<") || $0.lowercased().hasPrefix("version") })
        // A combining mark after the last letter makes another character: no match.
        #expect(TextScan.asciiRangeIgnoringCase(of: "version xx", in: "version xx\u{301}") == nil)
        #expect(TextScan.bytes(Array("  isfetch: true\n".utf8), contain: "isfetch"))
        #expect(!TextScan.bytes(Array("isFetch: true".utf8), contain: "isfetch"))
        #expect(!TextScan.bytes([], contain: "isfetch"))
    }

    @Test("created timestamps: RFC 3339 date-times are accepted, anything else refused")
    func timestamps() {
        let accepted = [
            "2026-01-01T00:00:00Z", "2020-04-14T00:00:00Z", "2021-03-24T11:23:58.789162Z", "2019-10-03T12:34:56.000Z",
            "2026-01-01T00:00:00+01:00", "2026-01-01T00:00:00-05:30", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00+23:59",
        ]
        let refused = [
            "", "2026-01-01", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01t00:00:00z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "2026-1-01T00:00:00Z",
            "02026-01-01T00:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00,5Z", " 2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Z ", "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+01:60", "2026-01-01T00:00:00+0100",
            "2026-01-01T00:00:00+01", "2026-01-01T00:00:00GMT", "１９９９-01-01T00:00:00Z", "2026-01-01T0:00:00Z",
        ]
        for text in accepted { #expect(PackMetadata.isISOTimestamp(text), "\(text)") }
        for text in refused { #expect(!PackMetadata.isISOTimestamp(text), "\(text)") }
        // Every accepted one is also a date to Foundation's ISO 8601 reader.
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in accepted { #expect(plain.date(from: text) != nil || fractional.date(from: text) != nil, "\(text)") }
    }

    @Test("pack names: the ASCII rules equal the character-set rules")
    func packNames() {
        for name in [
            "Demo", "HelloWorld2", "demo", "2Demo", "Demo-X", "Demo_X", "AWS-EC2", "Active_Directory_Query", "-X", "Ä", "A B", "A.B",
        ] {
            let pascal =
                name.unicodeScalars.first.map { CharacterSet.uppercaseLetters.contains($0) } == true
                && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) }
            #expect((PackName.problem(name) == nil) == (pascal && name.unicodeScalars.allSatisfy(\.isASCII)), "\(name)")
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
            let plain =
                name.unicodeScalars.first.map { CharacterSet.alphanumerics.contains($0) } == true
                && name.unicodeScalars.allSatisfy { allowed.contains($0) }
            #expect((PackName.existingProblem(name) == nil) == (plain && name.unicodeScalars.allSatisfy(\.isASCII)), "\(name)")
        }
    }

    @Test("JSON values compare by their canonical text: nested values, key order, and true is not 1")
    func canonicalJSON() throws {
        func parse(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) }
        let a = try parse(#"{"name":"X","dependencies":{},"devEmail":[],"marketplaces":["xsoar"],"n":1,"f":1.5,"b":true,"z":null}"#)
        let b = try parse(#"{"z":null,"b":true,"f":1.5,"n":1,"marketplaces":["xsoar"],"devEmail":[],"dependencies":{},"name":"X"}"#)
        #expect(JSONCanonical.same(a, b))
        for other in [
            #"{"name":"X","dependencies":{},"devEmail":[],"marketplaces":["xsoar"],"n":1,"f":1.5,"b":1,"z":null}"#,
            #"{"name":"X","dependencies":{"A":{}},"devEmail":[],"marketplaces":["xsoar"],"n":1,"f":1.5,"b":true,"z":null}"#,
            #"{"name":"X","dependencies":{},"devEmail":[],"marketplaces":["xsoar","x2"],"n":1,"f":1.5,"b":true,"z":null}"#,
            #"{"name":"X","dependencies":{},"devEmail":[],"marketplaces":["xsoar"],"n":"1","f":1.5,"b":true,"z":null}"#,
        ] {
            #expect(!JSONCanonical.same(a, try parse(other)), "\(other)")
        }
        let metadata = #"{"name":"Demo","currentVersion":"1.0.0","dependencies":{},"keywords":[]}"#
        let one = PackMetadata.parse(Array(metadata.utf8), path: "m")
        let two = PackMetadata.parse(Array(metadata.replacingOccurrences(of: "{}", with: "{ }").utf8), path: "m")
        #expect(one == two)
    }

    /// Real READMEs show a command as ```!cmd arg=1``` on one line: that is inline code, not the
    /// start of a code block that would hide every heading after it.
    @Test("a one-line ```!cmd``` example opens no code block; a real fence hides its headings until its own closing run")
    func oneLineCommandExampleIsNoFence() {
        let text = """
            ### acme-get-item
            #### Command Example
            ```!acme-get-item id=1```
            #### Human Readable Output
            ~~~
            # not a heading
            ```
            # still not a heading
            ~~~
            ````md
            ```
            # inside the longer fence
            ````
            ### acme-list-items
            """
        let titles = MarkdownOutline(text).sections.map(\.title)
        #expect(titles == ["acme-get-item", "Command Example", "Human Readable Output", "acme-list-items"], "\(titles)")
    }
}
