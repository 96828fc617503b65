import FlowCore
import Foundation
import Testing
import Yams

@testable import FlowCLI
@testable import FlowKit

/// The pre-commit hook's shortcuts (issue 7) answer exactly as the general paths do.
@Suite("pre-commit hook fast paths")
struct HookFastPathTests {
    // MARK: argv without ArgumentParser

    /// `flow hook pre-commit` skips ArgumentParser; `flow hook pre-commit x` (git never passes
    /// one, the hook ignores it) goes through it. Both must print and exit the same.
    func bothPaths(_ repo: TempRepo) throws -> (direct: FlowRun, parsed: FlowRun) {
        (try flowIn(repo, ["hook", "pre-commit"]), try flowIn(repo, ["hook", "pre-commit", "x"]))
    }

    @Test("refused, allowed and failing hooks exit and print the same with and without ArgumentParser")
    func directMatchesParsed() throws {
        let repo = try evidenceRepo()
        // Refused: a staged zip and an unchecked pack edit.
        try repo.write("Demo-1.0.0.zip", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "."])
        var (direct, parsed) = try bothPaths(repo)
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("staged build artifact: Demo-1.0.0.zip"))
        #expect(direct.stderr.contains("has not run on Demo"))
        #expect(direct.status == parsed.status && direct.stderr == parsed.stderr && direct.stdout == parsed.stdout)

        // Allowed: nothing of a pack staged.
        try repo.git(["reset", "-q"])
        try repo.write("notes.txt", "x\n")
        try repo.git(["add", "notes.txt"])
        (direct, parsed) = try bothPaths(repo)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.status == parsed.status && direct.stderr == parsed.stderr && direct.stdout == parsed.stdout)

        // An error: a corrupted evidence file (exit 2, the file named).
        try repo.write("Packs/Demo/new.py", "x = 1\n")
        try repo.git(["add", "Packs/Demo/new.py"])
        try FileManager.default.createDirectory(atPath: repo.path + "/.git/flow", withIntermediateDirectories: true)
        try Data("{\"schemaVersion\": 1, \"records\": [".utf8).write(to: URL(fileURLWithPath: repo.path + "/.git/flow/evidence.json"))
        (direct, parsed) = try bothPaths(repo)
        #expect(direct.status == 2)
        #expect(direct.stderr.contains("evidence.json is corrupted"))
        #expect(direct.status == parsed.status && direct.stderr == parsed.stderr && direct.stdout == parsed.stdout)
    }

    @Test("the CI plan read without ArgumentParser prints and exits as the parsed command: packs, a rule change, text, a bad range")
    func planDirectMatchesParsed() throws {
        let repo = try TrustRulesTests.origin()
        let clone = try TrustRulesTests.pullRequest(
            repo, ["Packs/Demo/Scripts/Hello/Hello.py": "def hello():\n    return 'hey'\n", "pytest.ini": "[pytest]\n"])
        for args in [
            ["verify", "checks", "--range", "origin/main..HEAD", "--plan", "--json"],
            ["verify", "checks", "--plan", "--range", "origin/main..HEAD"],
            ["verify", "checks", "--plan", "--json", "--accept-rule-changes", "--range", "origin/main..HEAD"],
            ["verify", "checks", "--plan", "--json", "--range", "nowhere..HEAD"],
        ] {
            let direct = try FlowBinary.run(args, in: clone)
            let parsed = try FlowBinary.run(args, in: clone, environment: ["FLOW_FAST_PATHS": "0"])
            #expect(direct.status == parsed.status, "\(args)")
            #expect(direct.stdout == parsed.stdout, "\(args)")
            #expect(direct.stderr == parsed.stderr, "\(args)")
        }
        #expect(try FlowBinary.run(["verify", "checks", "--plan", "--json"], in: clone).stdout.contains("\"pack\" : \"Demo\""))
    }

    @Test(
        "only the plan's own arguments are read directly; anything else goes to the parser",
        arguments: [
            (["verify", "checks", "--plan", "--json", "--range", "a..b"], true), (["verify", "checks", "--plan"], true),
            (["verify", "checks"], false), (["verify", "checks", "--json"], false),
            (["verify", "checks", "--plan", "--pack", "Demo"], false),
            (["verify", "checks", "--plan", "--range"], false), (["verify", "checks", "--plan", "--range", "--json"], false),
            (["verify", "checks", "--plan", "--plan"], false), (["verify", "checks", "--plan", "-C", "x"], false),
            (["verify", "checks", "--plan", "--range=a..b"], false), (["verify", "commits", "--plan"], false),
        ])
    func planArgumentsReadDirectly(_ arguments: [String], _ direct: Bool) {
        #expect((VerifyChecks.Request.direct(arguments) != nil) == direct, "\(arguments)")
    }

    @Test("no configuration, and no repository: same exit and message on both paths")
    func directMatchesParsedOnErrors() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        var (direct, parsed) = try bothPaths(repo)
        // A checkout without the configuration (an orphan gh-pages branch) is let through with a note.
        #expect(direct.status == 0)
        #expect(direct.stderr.contains("has no .flow/config.yml"))
        #expect(direct.status == parsed.status && direct.stderr == parsed.stderr)

        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("flow-nogit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        direct = try FlowBinary.run(["hook", "pre-commit"], in: outside, environment: ["GIT_CEILING_DIRECTORIES": outside])
        parsed = try FlowBinary.run(["hook", "pre-commit", "x"], in: outside, environment: ["GIT_CEILING_DIRECTORIES": outside])
        #expect(direct.status == 2)
        #expect(direct.stderr.contains("not a git repository"))
        #expect(direct.status == parsed.status && direct.stderr == parsed.stderr)
    }

    // MARK: .flow/config.yml

    func yams(_ text: String) -> ProjectConfig? { try? YAMLDecoder().decode(ProjectConfig.self, from: text) }

    @Test("configurations flow writes are read directly, exactly as Yams reads them")
    func flatConfigMatchesYams() throws {
        let configs = [
            ProjectConfig(
                workflow: "xsoar-local", packs: ["Pack00052"], packType: "local", platform: "xsoar6",
                author: "Bench", category: "Utilities", support: "community", zipDir: "/tmp/zips"),
            ProjectConfig(
                workflow: "xsoar-marketplace", packs: ["A", "B2", "C_d"], packType: "marketplace",
                platform: "xsiam", author: "Jane Doe", category: "Data Enrichment & Threat Intelligence",
                support: "partner", instanceURL: "https://xsoar.example.com:8443/api",
                mainBranch: "master", featurePrefix: "feat/", tagFormat: "{pack}-v{version}", packsRoot: "content/Packs"),
            ProjectConfig(workflow: "Workflows/custom.yml", packs: []),
            ProjectConfig(),
            // What `flow init` writes for a new repository: the switches stay on the direct path.
            ProjectConfig(workflow: "xsoar-marketplace", packs: ["Demo"], commitConvention: true, firstPRFiled: false),
        ]
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flow-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/.flow", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var direct = 0
        for config in configs {
            try ConfigStore.save(config, root: root)
            let text = try String(contentsOfFile: ConfigStore.path(in: root), encoding: .utf8)
            #expect(yams(text) == config)
            if let flat = ConfigStore.parseFlat(text) {
                direct += 1
                #expect(flat == config, "\(text)")
            }
            #expect(try ConfigStore.load(root: root) == config)
        }
        // The common shapes take the direct path (a category with "&" is left to Yams).
        #expect(direct >= 4)
        #expect(
            ConfigStore.parseFlat(
                "# c\nschemaVersion: 1\nworkflow: xsoar-local\npacks:\n- Pack00052\nzipDir: /work/zips\ntagFormat: v{version}\n")
                == yams("workflow: xsoar-local\npacks: [Pack00052]\nzipDir: /work/zips\ntagFormat: v{version}\n"))
    }

    @Test("anything YAML could read otherwise is left to Yams")
    func flatConfigRefusesWhatYamsDecides() {
        let refused = [
            "workflow: yes\n", "workflow: null\n", "workflow: ~\n", "author: No\n", "author: 'quoted'\n",
            "author: \"quoted\"\n", "author: a: b\n", "author: a # comment\n", "author: 1.0\n", "author: 2026-01-01\n",
            "schemaVersion: 010\n", "schemaVersion: 0x1\n", "schemaVersion: 1.0\n", "schemaVersion: one\n",
            "packs: [A]\n", "packs:\n  - A\n", "packs:\n", "packs:\n- A\npacks:\n- B\n", "author: a\nauthor: b\n",
            "unknown: x\n", "author:\n", "author:  two\n", "author: trailing \n", "author: tab\there\n",
            "workflow: a\r\n", "---\nworkflow: a\n", "workflow: .inf\n", "workflow: <<\n", "workflow: =\n",
            "packs:\n- yes\n", "packs:\n- 1\n", "mainBranch: main\n  nested: x\n", "author: Ünï\n",
            "# a NUL \u{0} in a comment\nworkflow: w\n", "# \u{7}\nworkflow: w\n", "\u{FEFF}workflow: w\n",
            "commitConvention: yes\n", "commitConvention: True\n", "firstPRFiled: on\n", "commitConvention: 1\n",
        ]
        for text in refused {
            #expect(ConfigStore.parseFlat(text) == nil, "\(text)")
        }
        // Where it does answer on hand-written text, it agrees with Yams.
        let accepted = [
            "workflow: minimal\n", "packs:\n- A\n- B\n", "packs: []\n", "schemaVersion: 0\n",
            "author: Jane Q. Doe\nsupport: xsoar\n", "instanceURL: https://h:1/x\n", "\n\n# only\nworkflow: w\n",
            "workflow: w\ncommitConvention: true\nfirstPRFiled: false\n",
        ]
        for text in accepted {
            #expect(ConfigStore.parseFlat(text) != nil, "\(text)")
            #expect(ConfigStore.parseFlat(text) == yams(text), "\(text)")
        }
    }

    // MARK: .git/flow/evidence.json

    func jsonDecoder(_ data: Data) -> EvidenceLedger? { try? JSONDecoder().decode(EvidenceLedger.self, from: data) }

    @Test("the evidence flow writes is read directly, exactly as JSONDecoder reads it")
    func evidenceMatchesJSONDecoder() throws {
        var ledger = EvidenceLedger()
        for k in 0..<25 {
            ledger.add(
                EvidenceRecord(
                    check: ["test", "lint", "validate"][k % 3], pack: k % 2 == 0 ? "Demo" : "Ünïcode Pack",
                    tree: String(repeating: "ab", count: 20), passed: k % 4 != 0, tool: "demisto-sdk",
                    toolVersion: k % 5 == 0 ? nil : "1.39.13", branch: k % 7 == 0 ? nil : "feature/x",
                    recordedAt: "2026-01-01T00:00:\(10 + k)Z", log: k % 3 == 0 ? ".git/flow/logs/\(k).log" : nil))
        }
        let data = try StateStore.encode(ledger)
        let direct = EvidenceJSON.parse([UInt8](data))
        #expect(direct != nil)
        #expect(direct == ledger)
        #expect(direct == jsonDecoder(data))
        #expect(EvidenceJSON.parse(Array("{\"schemaVersion\":1,\"records\":[]}".utf8)) == EvidenceLedger())
        // Compact, with explicit nulls.
        let compact =
            "{\"records\":[{\"check\":\"test\",\"pack\":\"P\",\"tree\":\"t\",\"passed\":false,\"tool\":\"x\","
            + "\"recordedAt\":\"r\",\"log\":null,\"branch\":null}],\"schemaVersion\":1}"
        #expect(EvidenceJSON.parse(Array(compact.utf8)) != nil)
        #expect(EvidenceJSON.parse(Array(compact.utf8)) == jsonDecoder(Data(compact.utf8)))
    }

    @Test("evidence outside the plain shape is left to JSONDecoder, and the store's answers and errors are unchanged")
    func evidenceRefusesWhatJSONDecoderDecides() throws {
        let record = "{\"check\":\"test\",\"pack\":\"P\",\"tree\":\"t\",\"passed\":true,\"tool\":\"x\",\"recordedAt\":\"r\"}"
        let refused = [
            "", "[]", "{}", "{\"schemaVersion\":1}", "{\"records\":[]}", "{\"schemaVersion\":1,\"records\":[]} x",
            "{\"schemaVersion\":1.0,\"records\":[]}", "{\"schemaVersion\":\"1\",\"records\":[]}",
            "{\"schemaVersion\":01,\"records\":[]}", "{\"schemaVersion\":1,\"records\":[],\"extra\":1}",
            "{\"schemaVersion\":1,\"schemaVersion\":1,\"records\":[]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "\"P\"", with: "\"P\\\\u00e9\""))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "\"passed\":true", with: "\"passed\":1"))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: ",\"tool\":\"x\"", with: ""))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "\"tool\":\"x\"", with: "\"tool\":null"))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "{", with: "{\"check\":\"a\","))]}",
            "{\"schemaVersion\":1,\"records\":[\(record),]}", "{\"schemaVersion\":1,\"records\":[\(record)]",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "{", with: "{\"log\":null,\"log\":null,"))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "{", with: "{\"log\":\"a\",\"log\":null,"))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "{", with: "{\"passed\":true,"))]}",
            "{\"schemaVersion\":1,\"records\":[\(record.replacingOccurrences(of: "{", with: "{\"unknown\":\"x\","))]}",
        ]
        for text in refused {
            #expect(EvidenceJSON.parse(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(EvidenceJSON.parse([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) == nil)  // invalid UTF-8
        #expect(EvidenceJSON.parse(Array("{\"schemaVersion\":1,\"records\":[\(record)]}".utf8)) != nil)

        // Through the store: a newer schema and a corrupted file still get their messages.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flow-evidence-\(UUID().uuidString)").path
        let store = StateStore(gitCommonDirectory: dir)
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try store.loadEvidence() == EvidenceLedger())
        try Data("{\"schemaVersion\":9,\"records\":[]}".utf8).write(to: URL(fileURLWithPath: store.evidencePath))
        #expect(throws: FlowError.self) { try store.loadEvidence() }
        do { _ = try store.loadEvidence() } catch let error as FlowError {
            #expect(error.message.contains("schema version 9, newer than this flow understands (1)"))
        }
        try Data("{\"schemaVersion\":1,\"records\":[{\"check\":1}]}".utf8).write(to: URL(fileURLWithPath: store.evidencePath))
        do {
            _ = try store.loadEvidence()
            Issue.record("a corrupted file must be an error")
        } catch let error as FlowError {
            #expect(error.message.contains("is corrupted"))
        }
    }
}
