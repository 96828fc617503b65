import FlowCore
import FlowKit
import Foundation
import Testing

/// A local HTTP server (python3 http.server on 127.0.0.1, a free port) serving a directory, for
/// the "downloaded" CommonServerPython.py.
final class LocalFileServer {
    let process = Process()
    let url: String

    init(serving directory: String) throws {
        let portFile = directory + "/../port-\(UUID().uuidString)"
        let script = """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            server = http.server.HTTPServer(("127.0.0.1", 0), handler)
            with open(sys.argv[2] + ".tmp", "w") as f:
                f.write(str(server.server_port))
            import os
            os.rename(sys.argv[2] + ".tmp", sys.argv[2])
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory, portFile]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        var port: String?
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), !text.isEmpty {
                port = text
                break
            }
            usleep(50_000)
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw FlowError(.blocked, "the local HTTP server did not start")
        }
        url = "http://127.0.0.1:\(port)"
    }

    /// SIGKILL: a SIGTERM can sit blocked in a mask inherited from the test runner.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// The test, lint and validate actions with the real tools, on packs shaped like real ones.
@Suite("Tests, lint and validate as the SDK runs them", .serialized, .enabled(if: XsoarTools.installed))
struct SDKWayTests {
    /// An integration whose tests open test_data/ by a relative path and build CommandResults.
    static func integration(_ repo: TempRepo, pack: String = "Acme") throws {
        let dir = "Packs/\(pack)/Integrations/AcmeCloud"
        try repo.write("Packs/\(pack)/pack_metadata.json", RealPack.metadata(name: pack, version: "1.0.0"))
        try repo.write(
            "\(dir)/AcmeCloud.py",
            """
            from CommonServerPython import *  # noqa: F401


            def get_thing(reply):
                return CommandResults(outputs_prefix="Acme.Thing", outputs_key_field="id", outputs=reply)

            """)
        try repo.write(
            "\(dir)/AcmeCloud_test.py",
            """
            import json

            from AcmeCloud import get_thing


            def util_load_json(path):
                with open(path, encoding="utf-8") as f:
                    return json.loads(f.read())


            def test_get_thing():
                reply = util_load_json("test_data/thing.json")
                result = get_thing(reply)
                assert result.outputs_prefix == "Acme.Thing"
                assert result.outputs["id"] == "t-1"

            """)
        try repo.write("\(dir)/test_data/thing.json", "{\"id\": \"t-1\", \"name\": \"thing\"}\n")
    }

    /// The smallest playbook the SDK's schema check (ST110) and BA100 accept: one start task.
    static let playbook = """
        id: Triage
        name: Triage
        version: -1
        description: Triages an incident.
        starttaskid: "0"
        tasks:
          "0":
            id: "0"
            taskid: 7a1c6c2e-0b5f-4a8e-9a51-6f3c1d2e4b10
            type: start
            task:
              id: 7a1c6c2e-0b5f-4a8e-9a51-6f3c1d2e4b10
              version: -1
              name: ""
              description: ""
              iscommand: false
              brand: ""
            nexttasks: {}
            separatecontext: false
            view: |-
              {"position": {"x": 50, "y": 50}}
            quietmode: 0
            continueonerrortype: ""
            isoversize: false
            isautoswitchedtoquietmode: false
        view: |-
          {"linkLabelsPosition": {}, "paper": {"dimensions": {"height": 200, "width": 380, "x": 50, "y": 50}}}
        inputs: []
        outputs: []
        fromversion: 6.0.0

        """

    /// A repository on a feature branch using the shipped action blocks (Tests/Workflows/xsoar-actions.yml).
    func repository(_ setUp: (TempRepo) throws -> Void) throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/xsoar-actions.yml\npacks: [Acme]\n")
        try setUp(repo)
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        return repo
    }

    func flow(_ repo: TempRepo, _ args: [String], _ environment: [String: String] = [:]) throws -> FlowRun {
        let bin = try #require(XsoarTools.bin)
        var env = [
            "PATH": XsoarTools.path(bin), "FLOW_CACHE_DIR": repo.base + "/cache",
            "FLOW_COMMON_SERVER_URL": "http://127.0.0.1:9/nothing-listens-here",
        ]
        env.merge(environment) { $1 }
        return try FlowBinary.run(args, in: repo.path, environment: env)
    }

    /// develop → test: runs the test action.
    func test(_ repo: TempRepo, _ environment: [String: String] = [:]) throws -> FlowRun {
        #expect(try flow(repo, ["next"], environment).status == 0)
        return try flow(repo, ["next"], environment)
    }

    @Test("CI/CD template shape: the root copies are used and tests run from their own directory")
    func templateShape() throws {
        let repo = try repository { repo in
            try Self.integration(repo)
            try repo.write("CommonServerPython.py", CommonServerFixture.commonServerPython)
            try repo.write("demistomock.py", CommonServerFixture.demistomock)
        }
        let run = try test(repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("test passed"), "\(run.stdout)")
        let doctor = try flow(repo, ["doctor"])
        #expect(doctor.stdout.contains("the repository's own copies: \(repo.path)/CommonServerPython.py"), "\(doctor.stdout)")
    }

    @Test("content fork shape: Packs/Base and Tests/demistomock copies are found")
    func contentForkShape() throws {
        let repo = try repository { repo in
            try Self.integration(repo)
            try repo.write("Packs/Base/Scripts/CommonServerPython/CommonServerPython.py", CommonServerFixture.commonServerPython)
            try repo.write("Tests/demistomock/demistomock.py", CommonServerFixture.demistomock)
        }
        let run = try test(repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    /// A feed built on a shared module of the repository (`from AcmeFeedApiModule import *`), as
    /// the content repository's feeds use HTTPFeedApiModule: demisto-sdk copies the module next to
    /// the code for the tests; flow puts it on their path.
    @Test("an integration that imports an ApiModule of the repository finds it when its tests run")
    func apiModuleOnThePath() throws {
        let repo = try repository { repo in
            try Self.integration(repo)
            try repo.write("CommonServerPython.py", CommonServerFixture.commonServerPython)
            try repo.write("demistomock.py", CommonServerFixture.demistomock)
            try repo.write(
                "Packs/ApiModules/Scripts/AcmeFeedApiModule/AcmeFeedApiModule.py", "def feed_prefix():\n    return 'Acme'\n")
            let code = "Packs/Acme/Integrations/AcmeCloud/AcmeCloud.py"
            try repo.write(code, (repo.read(code) ?? "") + "from AcmeFeedApiModule import *  # noqa: E402,F401,F403\n")
        }
        let run = try test(repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("No module named 'AcmeFeedApiModule'"), "\(run.stdout)")
    }

    @Test("downloaded once from a local server, checked against its SHA-256, then used from the cache")
    func download() throws {
        let repo = try repository { try Self.integration($0) }
        let served = repo.base + "/served"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try Data(CommonServerFixture.commonServerPython.utf8).write(to: URL(fileURLWithPath: served + "/CommonServerPython.py"))
        try Data(CommonServerFixture.demistomock.utf8).write(to: URL(fileURLWithPath: served + "/demistomock.py"))
        let sums =
            "CommonServerPython.py=\(CommonServerFiles.sha256Hex(Data(CommonServerFixture.commonServerPython.utf8))),"
            + "demistomock.py=\(CommonServerFiles.sha256Hex(Data(CommonServerFixture.demistomock.utf8)))"
        do {
            let server = try LocalFileServer(serving: served)
            defer { server.stop() }
            // A wrong checksum: the download is refused (exit 3) and nothing is cached.
            let wrong = try test(
                repo,
                [
                    "FLOW_COMMON_SERVER_URL": server.url,
                    "FLOW_COMMON_SERVER_SHA256": "CommonServerPython.py=00,demistomock.py=00",
                ])
            #expect(wrong.status == 3, "\(wrong.stdout)\(wrong.stderr)")
            #expect(wrong.stderr.contains("not the pinned 00: not used"), "\(wrong.stderr)")
            let run = try flow(repo, ["next"], ["FLOW_COMMON_SERVER_URL": server.url, "FLOW_COMMON_SERVER_SHA256": sums])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        }
        // The server is gone: the cached copy is used.
        #expect(try flow(repo, ["goto", "test"]).status == 0)
        let again = try flow(repo, ["next", "--force"], ["FLOW_COMMON_SERVER_SHA256": sums])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let doctor = try flow(repo, ["doctor"], ["FLOW_COMMON_SERVER_SHA256": sums])
        #expect(doctor.stdout.contains("a download checked against its SHA-256, cached"), "\(doctor.stdout)")
    }

    @Test("none anywhere: exit 3 saying so and how to get them; stand-ins only when asked, and a NameError says so")
    func noneAndStandIns() throws {
        let repo = try repository { try Self.integration($0) }
        let run = try test(repo)
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("the unit tests need the real CommonServerPython.py and demistomock.py, and flow found none"))
        #expect(run.stderr.contains("commonServer: stand-ins"), "\(run.stderr)")
        try repo.write(
            ".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/xsoar-actions.yml\npacks: [Acme]\ncommonServer: stand-ins\n")
        let standIns = try flow(repo, ["next"])
        #expect(standIns.status == 1, "\(standIns.stdout)")
        #expect(
            standIns.stdout.contains(
                "NameError of CommandResults, which CommonServerPython.py defines: the tests ran with empty stand-ins"),
            "\(standIns.stdout)")
    }

    @Test("a pack without Python sources passes the test check as nothing to test")
    func playbookOnly() throws {
        let repo = try repository { repo in
            try repo.write("Packs/Acme/pack_metadata.json", RealPack.metadata(name: "Acme", version: "1.0.0"))
            try repo.write("Packs/Acme/Playbooks/playbook-Triage.yml", "id: triage\nname: Triage\ntasks: {}\n")
        }
        let run = try test(repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("nothing to test (no Python sources in the pack)"), "\(run.stdout)")
    }

    @Test("lint: the files this change touched, under the repository's own ruff configuration")
    func lint() throws {
        let repo = try repository { repo in
            try Self.integration(repo)
            try repo.write("CommonServerPython.py", CommonServerFixture.commonServerPython)
            try repo.write("demistomock.py", CommonServerFixture.demistomock)
            // Accepted code of another script, formatted its own way long ago.
            try repo.write("Packs/Acme/Scripts/Old/Old.py", "x = {'a':1}\n")
        }
        #expect(try test(repo).status == 0)
        // Nothing changed on the branch: nothing to lint, the old file is not judged.
        let nothing = try flow(repo, ["next"])
        #expect(nothing.status == 0, "\(nothing.stdout)\(nothing.stderr)")
        #expect(nothing.stdout.contains("nothing to lint"), "\(nothing.stdout)")
        // A touched file is linted; the repository's line length of 60 applies.
        #expect(try flow(repo, ["goto", "lint"]).status == 0)
        try repo.write("ruff.toml", "line-length = 60\n\n[lint]\nselect = [\"E501\"]\n")
        try repo.write("Packs/Acme/Scripts/New/New.py", "VALUE = \"\(String(repeating: "x", count: 70))\"\n")
        let long = try flow(repo, ["next"])
        #expect(long.status == 1, "\(long.stdout)")
        #expect(long.stdout.contains("E501") && long.stdout.contains("New.py"), "\(long.stdout)")
        #expect(!long.stdout.contains("--isolated"), "\(long.stdout)")
        #expect(!long.stdout.contains("AcmeCloud.py") && !long.stdout.contains("Old.py"), "\(long.stdout)")
        // The whole pack on request: the long line of the integration on main is found too.
        try repo.write("Packs/Acme/Scripts/New/New.py", "VALUE = 1\n")
        let all = try flow(repo, ["next"], ["FLOW_LINT_ALL": "1"])
        #expect(all.status == 1 && all.stdout.contains("AcmeCloud.py"), "\(all.stdout)")
    }

    @Test("validate uses flow's offline configuration (IM108 caught), the repository's own when it has one")
    func validate() throws {
        let repo = try repository { repo in
            try repo.write("Packs/Acme/pack_metadata.json", RealPack.metadata(name: "Acme", version: "1.0.0", support: "partner"))
            try repo.write("Packs/Acme/README.md", "# Acme\n\nDoes things.\n")
            try repo.write("Packs/Acme/.pack-ignore", "")
            try repo.write("Packs/Acme/.secrets-ignore", "")
            try repo.write("Packs/Acme/Author_image.png", "")
            try repo.write("Packs/Acme/Playbooks/playbook-Triage.yml", Self.playbook)
            try repo.write("Packs/Acme/Playbooks/playbook-Triage_README.md", "Triages an incident.\n")
        }
        for _ in 0..<3 { _ = try flow(repo, ["next"]) }  // develop, test, lint
        let run = try flow(repo, ["next"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("IM108"), "\(run.stdout)")
        // A partner pack with a real author image is accepted.
        try repo.run([
            "python3", "-c",
            """
            import struct, sys, zlib
            def chunk(kind, data):
                return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
            rows = b"".join(b"\\x00" + b"\\x00" * 120 * 4 for _ in range(50))
            png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 120, 50, 8, 6, 0, 0, 0))
            png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
            open(sys.argv[1], "wb").write(png)
            """, "Packs/Acme/Author_image.png",
        ])
        let accepted = try flow(repo, ["next"])
        #expect(accepted.stdout.contains("validate passed"), "\(accepted.stdout)")
        #expect(try flow(repo, ["goto", "validate"]).status == 0)
        try repo.write("Packs/Acme/Author_image.png", "")
        // The repository's own configuration wins (here: the SDK's default 15 checks, no IM108).
        try repo.write(
            "validation_config.toml",
            """
            ignorable_errors = []
            [path_based_validations]
            select = ["BA101", "PA107", "PA108", "PA130"]
            warning = []

            """)
        let own = try flow(repo, ["next"])
        #expect(!own.stdout.contains("IM108"), "\(own.stdout)")
    }
}
