import FlowCore
import Foundation
import Testing

@Suite("flow command line on a scratch repository")
struct CLITests {
    static let initArgs = ["init", "--pack", "Demo", "--pack-type", "local", "--platform", "xsoar6", "--author", "Me",
                           "--category", "Utilities", "--support", "community", "--zip-dir", "/tmp/flow-zips",
                           "--workflow", "minimal"]

    func initialised() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let run = try FlowBinary.run(Self.initArgs, in: repo.path)
        #expect(run.status == 0, "\(run.stderr)")
        return repo
    }

    @Test func versionAndHelp() throws {
        let repo = try TempRepo()
        let version = try FlowBinary.run(["--version"], in: repo.path)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        for command in ["init", "status", "next", "check", "phases", "goto", "workflow lint"] {
            let help = try FlowBinary.run(command.split(separator: " ").map(String.init) + ["--help"], in: repo.path)
            #expect(help.status == 0, "\(command) --help")
            #expect(help.stdout.contains("USAGE: flow \(command)"), "\(command) --help: \(help.stdout)")
        }
    }

    @Test func initWritesConfigWithoutSecretsAndCompletesSurvey() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let run = try FlowBinary.run(Self.initArgs, in: repo.path,
                                     environment: ["DEMISTO_API_KEY": "sekret-key-123", "DEMISTO_BASE_URL": "https://xsoar.example"])
        #expect(run.status == 0, "\(run.stderr)")
        let config = try #require(repo.read(".flow/config.yml"))
        #expect(config.contains("packs:\n- Demo"))
        #expect(config.contains("instanceURL: https://xsoar.example"))
        #expect(!config.contains("sekret-key-123"))
        let status = try FlowBinary.run(["status", "--json"], in: repo.path)
        let doc = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(doc?["phase"] as? String == "repo-setup")
        let phases = doc?["phases"] as? [[String: Any]]
        #expect(phases?.first?["status"] as? String == "pass")
    }

    @Test func initWithoutTerminalListsWhatIsMissing() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let run = try FlowBinary.run(["init", "--pack", "Demo"], in: repo.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--pack-type, --platform, --author, --category, --support, --zip-dir"))
        #expect(repo.read(".flow/config.yml") == nil)
    }

    @Test func outsideARepositoryIsExitTwo() throws {
        let dir = NSTemporaryDirectory() + "flow-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try FlowBinary.run(["status"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("not a git repository: \(dir)"))
    }

    @Test func nextBlocksThenAdvances() throws {
        let repo = try initialised()
        let blocked = try FlowBinary.run(["next"], in: repo.path)
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("FAIL git.remote"))
        #expect(blocked.stdout.contains("fix: git remote add origin <url>"))
        try repo.git(["remote", "add", "origin", "../origin.git"])
        let dry = try FlowBinary.run(["next", "--dry-run"], in: repo.path)
        #expect(dry.status == 0)
        #expect(try FlowBinary.run(["status", "--json"], in: repo.path).stdout.contains("\"phase\" : \"repo-setup\""))
        let moved = try FlowBinary.run(["next"], in: repo.path)
        #expect(moved.status == 0)
        #expect(moved.stdout.contains("now at develop"))
        // goto only moves back.
        #expect(try FlowBinary.run(["goto", "release"], in: repo.path).status == 1)
        #expect(try FlowBinary.run(["goto", "repo-setup"], in: repo.path).status == 0)
        #expect(try FlowBinary.run(["goto", "nowhere"], in: repo.path).status == 2)
    }

    @Test func checkJSONHasStableGateIDs() throws {
        let repo = try initialised()
        try repo.apply([.writeBytes("Packs/X/uploadable_packs/X.zip", [0x50, 0x4B, 0x03, 0x04]), .stage(["Packs"])])
        let run = try FlowBinary.run(["check", "--phase", "develop", "--json"], in: repo.path)
        #expect(run.status == 1)
        let doc = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let report = doc?["report"] as? [String: Any]
        let gates = report?["gates"] as? [[String: Any]] ?? []
        #expect(gates.map { $0["gate"] as? String } == ["git.branch", "git.no-artifacts"])
        let artifacts = gates.first { $0["gate"] as? String == "git.no-artifacts" }
        #expect(artifacts?["passed"] as? Bool == false)
        #expect((artifacts?["reasons"] as? [String])?.first == "staged build artifact: Packs/X/uploadable_packs/X.zip")
    }

    @Test func corruptedStateIsExitTwoNamingTheFile() throws {
        let repo = try initialised()
        let stateFile = repo.path + "/.git/flow/state.json"
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: stateFile))
        let run = try FlowBinary.run(["status"], in: repo.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains(stateFile))
        #expect(run.stderr.contains("fix: move it aside"))
        #expect(String(decoding: FileManager.default.contents(atPath: stateFile) ?? Data(), as: UTF8.self) == "garbage")
    }

    @Test func malformedWorkflowIsExitTwoNamingTheFile() throws {
        let repo = try initialised()
        try repo.write("my-flow.yml", "id: broken\nphases:\n  - id: a\n    gates: [git.clean\n")
        let lint = try FlowBinary.run(["workflow", "lint", repo.path + "/my-flow.yml"], in: repo.path)
        #expect(lint.status == 2)
        #expect(lint.stdout.contains("my-flow.yml:5:1: YAML syntax"))
        let status = try FlowBinary.run(["status", "--workflow", "my-flow.yml"], in: repo.path)
        #expect(status.status == 2)
        #expect(status.stderr.contains("my-flow.yml"))
        let good = try FlowBinary.run(["workflow", "lint", SourceTree.root + "/Workflows/minimal.yml"], in: repo.path)
        #expect(good.status == 0)
    }
}
