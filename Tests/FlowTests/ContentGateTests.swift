import FlowGitTypes
import FlowKit
import Foundation
import Testing

@testable import FlowCore

/// A FileReading over a dictionary: what the gates see when the files come from the index or a
/// commit instead of the work tree.
struct MemoryFiles: FileReading {
    let contents: [String: [UInt8]]

    init(_ files: [(String, String)]) { contents = Dictionary(files.map { ($0.0, Array($0.1.utf8)) }) { $1 } }

    func read(_ path: String) -> [UInt8]? { contents[path] }
    func exists(_ path: String) -> Bool { contents[path] != nil || isDirectory(path) }
    func isDirectory(_ path: String) -> Bool { contents.keys.contains { $0.hasPrefix(path + "/") } }
    func list(_ path: String) -> [String]? {
        guard isDirectory(path) else { return nil }
        return Set(contents.keys.filter { $0.hasPrefix(path + "/") }.map { String($0.dropFirst(path.count + 1).split(separator: "/")[0]) })
            .sorted()
    }
}

@Suite("Content gates: flow's Python checker and the lifecycle rules on content")
struct ContentGateTests {
    static let contentGates: [any Gate.Type] = [
        PackCodeYamlGate.self, PackFetchGate.self, PackFetchContentGate.self, PackCodeConventionsGate.self,
        DocsReadmeSectionsGate.self, DocsReadmeTablesGate.self, DocsTemplateTextGate.self,
        DocsReleaseNotesFormatGate.self, DocsDescriptionParamsGate.self, PackPartnerContactGate.self, PackFunctionsTestedGate.self,
    ]

    func evaluate(_ gate: any Gate.Type, _ context: GateContext) throws -> GateOutcome {
        try gate.evaluate(GateParams(), context)
    }

    @Test("a realistic integration (several commands, fetch, README tables) passes every content gate; one python3 run for all")
    func realisticPackPasses() throws {
        let repo = try TempRepo()
        try repo.apply(RealisticPack.steps)
        let reader = ContentReader()
        let context = GateContext(
            git: FactsSnapshot(try repo.repository()), files: LocalFiles(root: repo.path),
            config: ProjectConfig(packs: ["Demo"]), evidence: EvidenceLedger(), commands: ProcessRunner(),
            pack: "Demo", content: reader)
        for gate in Self.contentGates {
            let outcome = try evaluate(gate, context)
            #expect(outcome.passed, "\(gate.id): \(outcome.reasons)")
        }
        #expect(reader.runs == 1, "the checker ran \(reader.runs) times for one pack")
    }

    @Test("the checker's per-file cache answers as python3 does, and asks python3 only about content it has not seen")
    func checkerCacheAgrees() throws {
        let cache = NSTemporaryDirectory() + "flow-ast-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let code = Array("def main():\n    args = demisto.args()\n    print(args.get('name'))\n".utf8)
        let test = Array("def test_main():\n    main()\n".utf8)
        let sources = [(path: "Integrations/A/A.py", bytes: code), (path: "Integrations/A/A_test.py", bytes: test)]
        func encoded(_ check: PythonCheck) throws -> String {
            guard case .facts(let facts) = check else {
                Issue.record("the checker did not answer: \(check)")
                return ""
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(facts), as: UTF8.self)
        }
        let plain = ContentReader()
        let reference = try encoded(plain.python(sources))
        #expect(plain.runs == 1)

        let cold = ContentReader(cacheDirectory: cache)
        #expect(try encoded(cold.python(sources)) == reference)
        #expect(cold.runs == 1)
        let warm = ContentReader(cacheDirectory: cache)
        #expect(try encoded(warm.python(sources)) == reference)
        #expect(warm.runs == 0, "every file's content was seen: no python3 run")

        // One file changed: python3 reads it alone; the answer is the full one.
        let edited = [sources[0], (path: "Integrations/A/A_test.py", bytes: Array("def test_other():\n    pass\n".utf8))]
        let partly = ContentReader(cacheDirectory: cache)
        let partlyAnswer = try encoded(partly.python(edited))
        #expect(partly.runs == 1)
        #expect(partlyAnswer == (try encoded(ContentReader().python(edited))))

        // The switch off: python3 reads everything, whatever the cache holds.
        FastPath.enabled = false
        defer { FastPath.enabled = true }
        let off = ContentReader(cacheDirectory: cache)
        #expect(try encoded(off.python(sources)) == reference)
        #expect(off.runs == 1)
    }

    @Test("the gates read files only through the context's reader (index or commit), never the work tree")
    func readsThroughTheFileReader() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let context = GateContext(
            git: FactsSnapshot(try repo.repository()), files: MemoryFiles(RealisticPack.files),
            config: ProjectConfig(packs: ["Demo"]), evidence: EvidenceLedger(), commands: ProcessRunner(),
            pack: "Demo", content: ContentReader())
        for gate in Self.contentGates {
            #expect(try evaluate(gate, context).passed, "\(gate.id)")
        }
        // The same reader with a broken argument read: the violation is seen in the reader's copy.
        let broken = RealisticPack.files.map {
            ($0.0, $0.0.hasSuffix("AcmeAlerts.py") ? $0.1.replacingOccurrences(of: "args['alert_id']", with: "args['alert']") : $0.1)
        }
        let failing = GateContext(
            git: context.git, files: MemoryFiles(broken), config: context.config, evidence: context.evidence,
            commands: ProcessRunner(), pack: "Demo", content: ContentReader())
        let outcome = try evaluate(PackCodeYamlGate.self, failing)
        #expect(!outcome.passed)
        #expect(outcome.reasons.first?.contains("AcmeAlerts.py:21: args['alert'] in get_alert_command()") == true, "\(outcome.reasons)")
    }

    @Test("without python3 the code gates block and say to install it")
    func python3Missing() throws {
        let context = GateContext(
            git: FailingFacts(), files: MemoryFiles(RealisticPack.files), config: ProjectConfig(packs: ["Demo"]),
            evidence: EvidenceLedger(), commands: FakeRunner(), pack: "Demo", content: ContentReader(commands: FakeRunner()))
        for gate in [PackCodeYamlGate.self, PackFetchGate.self, PackCodeConventionsGate.self, DocsReadmeTablesGate.self] as [any Gate.Type]
        {
            let outcome = try evaluate(gate, context)
            #expect(!outcome.passed)
            #expect(outcome.reasons.first?.contains("python3 is not installed") == true, "\(gate.id): \(outcome.reasons)")
            #expect(outcome.fix?.contains("install python3") == true)
        }
    }

    @Test("a YAML syntax error names the file and line")
    func yamlSyntaxError() throws {
        let files = RealisticPack.files.map {
            ($0.0, $0.0.hasSuffix(".yml") ? $0.1.replacingOccurrences(of: "  isfetch: true", with: "  isfetch: [true") : $0.1)
        }
        let context = GateContext(
            git: FailingFacts(), files: MemoryFiles(files), config: ProjectConfig(packs: ["Demo"]),
            evidence: EvidenceLedger(), commands: FakeRunner(), pack: "Demo", content: ContentReader())
        let outcome = try evaluate(PackFetchGate.self, context)
        #expect(!outcome.passed)
        #expect(outcome.reasons.first?.hasPrefix("Packs/Demo/Integrations/AcmeAlerts/AcmeAlerts.yml:") == true, "\(outcome.reasons)")
    }

    @Test("no content reader: the code gates block (fail closed)")
    func noContentReader() throws {
        let context = GateContext(
            git: FailingFacts(), files: MemoryFiles(RealisticPack.files), config: ProjectConfig(packs: ["Demo"]),
            evidence: EvidenceLedger(), commands: FakeRunner(), pack: "Demo")
        #expect(try !evaluate(PackCodeYamlGate.self, context).passed)
    }

    @Test(
        "demisto-sdk's own HelloWorld and BaseIntegration templates pass the code gates",
        .enabled(if: XsoarTools.installed, "the real tools are installed by scripts/xsoar-tools.sh"))
    func sdkTemplatesPass() throws {
        let bin = try #require(XsoarTools.bin)
        for template in ["HelloWorld", "BaseIntegration"] {
            let repo = try TempRepo()
            try repo.apply(initialCommit)
            try FileManager.default.createDirectory(atPath: repo.path + "/Packs/Demo/Integrations", withIntermediateDirectories: true)
            // init writes the files, then asks about secrets on stdin (closed here: it exits 1 after writing).
            _ = try? repo.run(
                [
                    bin + "/demisto-sdk", "init", "--integration", "-t", template, "-n", template, "--id", template,
                    "-o", "Packs/Demo/Integrations",
                ],
                environment: ["PATH": XsoarTools.path(bin), "DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1", "CI": "true"])
            let dir = "Packs/Demo/Integrations/\(template)/\(template)"
            try #require(
                FileManager.default.fileExists(atPath: "\(repo.path)/\(dir).py")
                    && FileManager.default.fileExists(atPath: "\(repo.path)/\(dir).yml"))
            let context = try makeContext(repo, pack: "Demo")
            for gate in [PackCodeYamlGate.self, PackFetchGate.self, PackCodeConventionsGate.self, PackFunctionsTestedGate.self]
                as [any Gate.Type]
            {
                let outcome = try evaluate(gate, context)
                #expect(outcome.passed, "\(template) \(gate.id): \(outcome.reasons)")
            }
            // The naming rules pass the templates' commands (helloworld-say-hello, ip, domain,
            // baseintegration-dummy); what they leave for the author is the key of the placeholder
            // command's outputs (outputs_key_field="", T11) and HelloWorld's `hello` context path.
            let conventions = try evaluate(PackIntegrationConventionsGate.self, context)
            #expect(
                conventions.reasons.allSatisfy { $0.contains("without outputs_key_field") || $0.contains("context path hello of") },
                "\(template): \(conventions.reasons)")
            #expect(conventions.reasons.contains { $0.contains("without outputs_key_field") }, "\(template): \(conventions.reasons)")
        }
    }

    @Test("the lint action's {lintConfig}: the repository's own ruff configuration, else flow's shipped one")
    func lintConfigChoice() throws {
        let repo = try TempRepo()
        // No configuration of its own: flow's, embedded in the binary and written out for ruff.
        let shipped = try #require(ShippedResources.ruffConfig(root: repo.path))
        #expect(
            FileManager.default.contents(atPath: shipped)
                == FileManager.default.contents(atPath: SourceTree.root + "/Resources/lint/ruff.toml"))
        try repo.write("pyproject.toml", "[tool.ruff]\nline-length = 100\n")
        #expect(ShippedResources.ruffConfig(root: repo.path) == repo.path + "/pyproject.toml")
        try repo.write("ruff.toml", "line-length = 100\n")
        #expect(ShippedResources.ruffConfig(root: repo.path) == repo.path + "/ruff.toml")
    }

    @Test(
        "flow's shipped ruff configuration refuses print() (T20) and breakpoint() (T10) and keeps the F403/F405 ignores",
        .enabled(if: XsoarTools.installed, "the real tools are installed by scripts/xsoar-tools.sh"))
    func shippedRuffConfigRefusesPrint() throws {
        let bin = try #require(XsoarTools.bin)
        let repo = try TempRepo()
        let config = try #require(ShippedResources.path("lint/ruff.toml"))
        try repo.write("ok.py", "from CommonServerPython import *\n\n\ndef f():\n    demisto.debug('x')\n")
        try repo.write("bad.py", "def f():\n    print('x')\n")
        let runner = ProcessRunner()
        let ok = runner.run(
            [bin + "/ruff", "check", "--no-cache", "--config", config, "ok.py"], in: repo.path, environment: [:], timeoutSeconds: 60)
        #expect(ok.succeeded, "\(ok.output)")
        let bad = runner.run(
            [bin + "/ruff", "check", "--no-cache", "--config", config, "bad.py"], in: repo.path, environment: [:], timeoutSeconds: 60)
        #expect(!bad.succeeded)
        #expect(bad.output.contains("T201"), "\(bad.output)")
        // A debugger call left in (S35's debug-statements): T10.
        try repo.write("debug.py", "def f():\n    breakpoint()\n    return 1\n")
        let debug = runner.run(
            [bin + "/ruff", "check", "--no-cache", "--config", config, "debug.py"], in: repo.path, environment: [:], timeoutSeconds: 60)
        #expect(!debug.succeeded)
        #expect(debug.output.contains("T100"), "\(debug.output)")
    }

    /// (integration id or display, a command of it) from demisto/content: each command's first word
    /// abbreviates the integration's name, so pack.integration-conventions' vendor prefix (T10)
    /// lets the real names through.
    static let contentCommands: [(String, String)] = [
        ("HelloWorld", "helloworld-say-hello"), ("CrowdStrike Falcon", "cs-falcon-search-device"),
        ("MicrosoftGraphMail", "msgraph-mail-list-emails"), ("Active Directory Query v2", "ad-get-user"),
        ("Cortex XDR - IR", "xdr-get-incidents"), ("VirusTotal (API v3)", "vt-comments-get"),
        ("Rapid7 Nexpose", "nexpose-get-asset"), ("Panorama", "pan-os-list-rules"),
        ("Google Cloud Compute", "gcp-compute-list-instances"), ("Have I Been Pwned? V2", "pwned-email"),
        ("Microsoft Defender Advanced Threat Protection", "microsoft-atp-isolate-machine"),
        ("ServiceNow v2", "servicenow-create-ticket"), ("SplunkPy", "splunk-search"), ("EWS v2", "ews-search-mailbox"),
        ("Tanium v2", "tn-get-package"), ("McAfee ePO v2", "epo-get-system-tree-groups"), ("Elasticsearch v2", "es-search"),
        ("AWS - EC2", "aws-ec2-describe-instances"), ("Azure Sentinel", "azure-sentinel-list-incidents"),
        ("Symantec Endpoint Protection V2", "sep-endpoints-info"), ("Cisco Umbrella Investigate", "umbrella-domain-categorization"),
        ("RedLock", "redlock-search-alerts"), ("Core REST API", "core-api-post"), ("Generic SQL", "sql-command"),
        ("IBM X-Force Exchange", "xfe-search-cves"), ("Cortex Data Lake", "cdl-query-logs"),
        ("ArcSight ESM v2", "as-get-all-cases"), ("LogRhythmRest v2", "lr-get-alarms"), ("ThreatConnect v2", "tc-owners"),
        ("IBM Resilient Systems", "rs-search-incidents"), ("Google Chronicle Backstory", "gcb-list-iocs"),
        ("Anomali ThreatStream v3", "threatstream-get-model-list"), ("Recorded Future v2", "recordedfuture-alert-rules"),
        ("ANY.RUN", "anyrun-get-report"), ("Palo Alto Networks WildFire v2", "wildfire-upload"),
    ]

    @Test("the vendor prefix of demisto/content's command names abbreviates their integration; a stranger's does not")
    func vendorPrefixes() {
        for (integration, command) in Self.contentCommands {
            let prefix = String(command.split(separator: "-")[0])
            #expect(PackIntegrationConventionsGate.abbreviates(prefix, [integration]), "\(command) of \(integration)")
        }
        for generic in ["ip", "domain", "url", "file", "email", "send-mail"] {
            #expect(PackIntegrationConventionsGate.genericCommands.contains(generic))
        }
        #expect(!PackIntegrationConventionsGate.abbreviates("get", ["Demo", "Demo"]))
        #expect(!PackIntegrationConventionsGate.abbreviates("search", ["Acme Alerts", "AcmeAlerts", "Acme"]))
        #expect(!PackIntegrationConventionsGate.abbreviates("fw", ["HelloWorld"]))
    }
}
