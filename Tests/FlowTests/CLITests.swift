import ArgumentParser
import FlowCLI
import FlowCore
import Foundation
import Testing

@Suite("flow command line on a scratch repository")
struct CLITests {
    @Test("every subcommand names itself: the parser then never asks the runtime for a type's name (about 2 ms a run)")
    func everySubcommandNamesItself() {
        var unnamed: [String] = []
        func walk(_ command: ParsableCommand.Type) {
            for sub in command.configuration.subcommands {
                if sub.configuration.commandName == nil { unnamed.append(String(describing: sub)) }
                walk(sub)
            }
        }
        walk(FlowCommand.self)
        #expect(unnamed.isEmpty, "give these a commandName: \(unnamed)")
    }

    static let initArgs = [
        "init", "--pack", "Demo", "--pack-type", "local", "--platform", "xsoar6", "--author", "Me",
        "--category", "Utilities", "--support", "community", "--zip-dir", "/tmp/flow-zips",
        "--workflow", "minimal",
    ]

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
        let run = try FlowBinary.run(
            Self.initArgs, in: repo.path,
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
        #expect(blocked.stdout.contains("fix: git remote add origin URL"))
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
        #expect(gates.map { $0["gate"] as? String } == ["git.branch", "git.no-artifacts", "pack.no-links"])
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

    /// A directory outside any repository, to run flow from.
    func elsewhere() throws -> String {
        let dir = NSTemporaryDirectory() + "flow-elsewhere-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("-C DIR before the subcommand works as the subcommand's own -C DIR, from anywhere")
    func globalDirectoryOption() throws {
        let repo = try initialised()
        let outside = try elsewhere()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        for args in [["status"], ["status", "--json"], ["check", "--phase", "develop"], ["phases"]] {
            let global = try FlowBinary.run(["-C", repo.path] + args, in: outside)
            let local = try FlowBinary.run(args + ["-C", repo.path], in: outside)
            #expect(global.status == 0 || global.status == 1, "\(args): \(global.stderr)")
            #expect(global.status == local.status && global.stdout == local.stdout && global.stderr == local.stderr, "\(args)")
        }
        // Relative to where flow starts, several in a row, and `-CDIR` glued, as git takes them.
        let parent = (repo.path as NSString).deletingLastPathComponent
        let relative = try FlowBinary.run(["-C", "..", "-C", "..", "status"], in: repo.path + "/.git/hooks")
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(relative.stdout == (try FlowBinary.run(["status"], in: repo.path)).stdout)
        #expect(try FlowBinary.run(["-Crepo", "status"], in: parent).status == 0)
        // Paths given to the subcommand are then relative to DIR.
        try repo.write("my-flow.yml", "schema: 1\nid: mine\nphases:\n  - id: a\n")
        let lint = try FlowBinary.run(["-C", repo.path, "workflow", "lint", "my-flow.yml"], in: outside)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("my-flow.yml: ok (1 phases"))
    }

    @Test("-C with a missing directory is exit 2 naming it; -C alone is a usage error")
    func globalDirectoryOptionRefusals() throws {
        let outside = try elsewhere()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let missing = try FlowBinary.run(["-C", outside + "/nowhere", "status"], in: outside)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot change to directory \(outside)/nowhere (-C): it does not exist"), "\(missing.stderr)")
        #expect(missing.stderr.contains("fix: "))
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside + "/file"))
        let file = try FlowBinary.run(["-C", "file", "status"], in: outside)
        #expect(file.status == 2)
        #expect(file.stderr.contains("cannot change to directory file (-C): it is not a directory"), "\(file.stderr)")
        let alone = try FlowBinary.run(["-C"], in: outside)
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("-C needs a directory"))
        let help = try FlowBinary.run(["--help"], in: outside)
        #expect(help.stdout.contains("flow [-C <dir>] <subcommand>"), "\(help.stdout)")
    }

    @Test("a mistyped command names the closest one, as git does (exit 64); the parser still reads the rest")
    func mistypedCommand() throws {
        let repo = try initialised()
        let cases: [([String], String)] = [
            (["stauts"], "flow: 'stauts' is not a flow command. Did you mean 'status'?"),
            (["stat"], "flow: 'stat' is not a flow command. Did you mean 'status'?"),
            (["workflow", "lnit", "x.yml"], "flow: 'lnit' is not a flow workflow command. Did you mean 'lint'?"),
            (["verify", "relase"], "flow: 'relase' is not a flow verify command. Did you mean 'release'?"),
            (["xyzzy"], "flow: 'xyzzy' is not a flow command. See 'flow --help'."),
        ]
        for (args, message) in cases {
            let run = try FlowBinary.run(args, in: repo.path)
            #expect(run.status == 64, "\(args): \(run.stderr)")
            #expect(run.stderr == message + "\n", "\(args): \(run.stderr)")
        }
        let global = try FlowBinary.run(["-C", repo.path, "stauts"], in: try elsewhere())
        #expect(global.status == 64 && global.stderr.contains("Did you mean 'status'?"), "\(global.stderr)")
        // Known commands, options and help are the parser's as before.
        #expect(try FlowBinary.run(["help", "status"], in: repo.path).status == 0)
        #expect(try FlowBinary.run(["workflow", "--help"], in: repo.path).status == 0)
        #expect(try FlowBinary.run(["status", "--jsno"], in: repo.path).status == 64)
        #expect(try FlowBinary.run(["workflow", "lint", SourceTree.root + "/Workflows/minimal.yml"], in: repo.path).status == 0)
    }

    @Test("a mistyped phase names the closest one (exit 2, as any unknown phase)")
    func mistypedPhase() throws {
        let repo = try initialised()
        let goto = try FlowBinary.run(["goto", "devlop"], in: repo.path)
        #expect(goto.status == 2)
        #expect(goto.stderr.contains("no phase devlop in workflow minimal; did you mean develop?"), "\(goto.stderr)")
        let test = try FlowBinary.run(["goto", "tset", "--workflow", "xsoar-local"], in: repo.path)
        #expect(test.status == 2)
        #expect(test.stderr.contains("no phase tset in workflow xsoar-local; did you mean test?"), "\(test.stderr)")
        let check = try FlowBinary.run(["check", "--phase", "comit"], in: repo.path)
        #expect(check.status == 2)
        #expect(check.stderr.contains("did you mean commit?"), "\(check.stderr)")
        let far = try FlowBinary.run(["goto", "nowhere"], in: repo.path)
        #expect(far.status == 2)
        #expect(!far.stderr.contains("did you mean"), "\(far.stderr)")
    }

    @Test(
        "the closest names: one swap, one letter, a prefix; nothing when too far",
        arguments: [
            ("stauts", ["status"]), ("tset", ["test"]), ("Status", ["status"]), ("nxet", ["next"]), ("relase", ["release"]),
            ("ini", ["init"]), ("xyzzy", []), ("dpeloy", ["deploy"]), ("a", []), ("", []),
        ])
    func closestNames(word: String, expected: [String]) {
        let names = ["init", "status", "next", "check", "phases", "goto", "test", "release", "build", "deploy", "verify"]
        #expect(ClosestMatch.candidates(for: word, in: names) == expected, "\(word)")
    }

    @Test("the hook's fast path honours -C: the same verdict as from inside the repository")
    func globalDirectoryOptionOnTheHookFastPath() throws {
        let repo = try initialised()
        let outside = try elsewhere()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try repo.apply([.branch("feature/x"), .writeBytes("Demo.zip", Scene.zip), .stage(["Demo.zip"])])
        let inside = try FlowBinary.run(["hook", "pre-commit"], in: repo.path)
        let global = try FlowBinary.run(["-C", repo.path, "hook", "pre-commit"], in: outside)
        #expect(inside.status == 1)
        #expect(inside.stderr.contains("Demo.zip"), "\(inside.stderr)")
        #expect(global.status == inside.status && global.stderr == inside.stderr && global.stdout == inside.stdout)
    }
}
