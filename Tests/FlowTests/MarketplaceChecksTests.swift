import FlowCore
import Foundation
import Testing

/// The content repository's own checks that flow's validation configuration runs offline
/// (issue 24): each row breaks one of them in a small pack, validate fails naming its code, and the
/// sound pack passes.
@Suite("The marketplace's checks in flow's validate", .serialized, .enabled(if: XsoarTools.installed))
struct MarketplaceChecksTests {
    /// One text replacement in a file of the pack (a path under Packs/Acme).
    struct Edit: Sendable {
        let file: String
        let of: String
        let with: String
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let code: String
        let support: String
        let breaks: [Edit]
        var testDescription: String { code }
    }

    static let integration = "Integrations/AcmeLookup/AcmeLookup.yml"

    static let reliability = """
        - display: Source Reliability
          name: integrationReliability
          defaultvalue: C - Fairly reliable
          type: 15
          required: true
          options:
          - A+ - 3rd party enrichment
          - A - Completely reliable
          - B - Usually reliable
          - C - Fairly reliable
          - D - Not usually reliable
          - E - Unreliable
          - F - Reliability cannot be judged

        """

    /// An integration with a reputation command, written for this test: it passes every check
    /// of the shipped configuration.
    static let yaml =
        """
        commonfields:
          id: AcmeLookup
          version: -1
        name: AcmeLookup
        display: Acme Lookup
        category: Utilities
        description: Looks up IP addresses in Acme.
        configuration:
        - display: Server URL
          name: url
          defaultvalue: https://api.acme.example.com
          type: 0
          required: true
        - display: API Key
          name: credentials
          type: 9
          required: true

        """ + reliability
            + """
            script:
              script: |
                def main():
                    pass
              type: python
              subtype: python3
              dockerimage: demisto/python3:3.10.14.100715
              commands:
              - name: ip
                description: Checks the reputation of IP addresses.
                arguments:
                - name: ip
                  description: The IP addresses to check.
                  required: true
                  default: true
                  isArray: true
                outputs:
                - contextPath: DBotScore.Indicator
                  description: The indicator that was tested.
                  type: String
                - contextPath: DBotScore.Type
                  description: The indicator type.
                  type: String
                - contextPath: DBotScore.Vendor
                  description: The vendor used to calculate the score.
                  type: String
                - contextPath: DBotScore.Score
                  description: The actual score.
                  type: Number
                - contextPath: DBotScore.Reliability
                  description: Reliability of the source providing the intelligence data.
                  type: String
                - contextPath: IP.Address
                  description: The IP address.
                  type: String
            fromversion: 6.10.0
            tests:
            - No tests

            """

    static func metadata(support: String) -> String {
        """
        {"name": "Acme", "description": "Looks up IP addresses in Acme.", "support": "\(support)", "currentVersion": "1.0.0",
         "author": "Someone", "url": "https://example.com/support", "email": "", "created": "2026-01-01T00:00:00Z",
         "categories": ["Utilities"], "tags": [], "useCases": [], "keywords": [], "marketplaces": ["xsoar"]}

        """
    }

    static func files(support: String) -> [(String, String)] {
        [
            ("pack_metadata.json", metadata(support: support)),
            ("README.md", "# Acme\n\nChecks the reputation of IP addresses against the Acme service.\n"),
            (".pack-ignore", ""), (".secrets-ignore", ""),
            (integration, yaml),
            (
                "Integrations/AcmeLookup/README.md",
                "Checks IP addresses in Acme.\n\n## Commands\n\n### ip\n\nChecks the reputation of IP addresses.\n"
            ),
        ]
    }

    static let rows: [Row] = [
        // A reputation command (ip, domain, url, file, email, cve) or a feed needs a reliability parameter.
        Row(code: "IN154", support: "community", breaks: [Edit(file: integration, of: reliability, with: "")]),
        // An integration's name or display must not carry its type's word.
        Row(
            code: "BA110", support: "community",
            breaks: [Edit(file: integration, of: "display: Acme Lookup\n", with: "display: Acme Lookup Integration\n")]),
        // An XSOAR-supported integration keeps secrets in credentials (type 9), not encrypted (type 4) parameters.
        Row(code: "IN145", support: "xsoar", breaks: [Edit(file: integration, of: "  type: 9\n", with: "  type: 4\n")]),
        // Every content item follows the SDK's schema: here the firstCreated demisto-sdk init writes.
        Row(
            code: "ST110", support: "community",
            breaks: [
                Edit(file: "pack_metadata.json", of: "\"created\": ", with: "\"firstCreated\": \"2026-01-01T00:00:00Z\", \"created\": ")
            ]),
    ]

    func flow(_ repo: TempRepo, _ args: [String]) throws -> FlowRun {
        let bin = try #require(XsoarTools.bin)
        let env = ["PATH": XsoarTools.path(bin), "FLOW_CACHE_DIR": repo.base + "/cache"]
        return try FlowBinary.run(args, in: repo.path, environment: env)
    }

    @Test("validate fails on the pack that breaks the check and passes on the sound one", arguments: rows)
    func breaks(_ row: Row) throws {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/xsoar-actions.yml\npacks: [Acme]\n")
        let sound = Self.files(support: row.support)
        for (path, text) in sound {
            let broken = row.breaks.filter { $0.file == path }.reduce(text) { text, edit in
                #expect(text.contains(edit.of), "\(row.code): \(path) has no \(edit.of)")
                return text.replacingOccurrences(of: edit.of, with: edit.with)
            }
            try repo.write("Packs/Acme/" + path, broken)
        }
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        for _ in 0..<3 { _ = try flow(repo, ["next"]) }  // develop, test, lint
        let refused = try flow(repo, ["next"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("[\(row.code)]"), "\(refused.stdout)")
        for (path, text) in sound { try repo.write("Packs/Acme/" + path, text) }
        let accepted = try flow(repo, ["next"])
        #expect(accepted.stdout.contains("validate passed"), "\(accepted.stdout)\(accepted.stderr)")
    }

    /// Every code of the shipped configuration names a check of the installed demisto-sdk that
    /// does not use the content graph (neo4j): listed, it runs offline.
    @Test("each listed check exists in demisto-sdk and needs no content graph")
    func listedChecksRun() throws {
        let bin = try #require(XsoarTools.bin)
        let config = try String(contentsOfFile: SourceTree.root + "/Resources/validation/validation_config.toml", encoding: .utf8)
        let select = try #require(config.range(of: "[path_based_validations]")).upperBound
        let codes = config[select...].split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            .filter { $0.count == 5 && $0.prefix(2).allSatisfy(\.isUppercase) && $0.suffix(3).allSatisfy(\.isNumber) }
        #expect(codes.count > 100)
        let script = """
            import json, os, re, sys
            import demisto_sdk
            root = os.path.join(os.path.dirname(demisto_sdk.__file__), "commands", "validate", "validators")
            found = {}
            for folder, _, names in os.walk(root):
                for name in names:
                    if name.endswith(".py"):
                        text = open(os.path.join(folder, name), encoding="utf-8").read()
                        for code in re.findall(r'error_code = "([A-Z]{2}[0-9]{3})"', text):
                            graph = "graph_interface" in text or "self.graph" in text
                            found[code] = found.get(code, False) or graph
            print(json.dumps(found))
            """
        let out = try TempRepo().run([bin + "/python", "-c", script])
        let found = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Bool])
        for code in codes {
            #expect(found[code] != nil, "\(code) is not a check of this demisto-sdk")
            #expect(found[code] != true, "\(code) needs the content graph")
        }
    }
}
