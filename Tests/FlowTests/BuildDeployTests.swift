import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("flow build and deploy on real repositories")
struct BuildDeployTests {
    func sdkEnvironment(_ repo: TempRepo, _ bin: String) throws -> [String: String] {
        let home = repo.base + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return ["PATH": "\(bin):/usr/local/bin:/usr/bin:/bin", "HOME": home]
    }

    @Test func refusesAnUntaggedHeadAndAZipDirInsideTheRepo() throws {
        let repo = try ReleasePackRepo.make()
        let untagged = try ReleasePackRepo.flow(["build"], repo)
        #expect(untagged.status == 1)
        #expect(untagged.stderr.contains("does not carry v1.0.0, the tag for Demo's currentVersion 1.0.0"))

        let inside = try ReleasePackRepo.make(zipDir: "dist")
        try inside.apply([.tag("v1.0.0", annotated: true)])
        let run = try ReleasePackRepo.flow(["build"], inside)
        #expect(run.status == 1)
        #expect(run.stderr.contains("inside the repository and not git-ignored"))
    }

    @Test func missingDemistoSDKIsExitThree() throws {
        // The zip directory may be inside the repository when git ignores it.
        let repo = try ReleasePackRepo.make(zipDir: "dist")
        try repo.apply([
            .write(".gitignore", "build_dir/\ndist/\n"), .stage(["."]), .commit("ignore dist"),
            .tag("v1.0.0", annotated: true),
        ])
        let run = try ReleasePackRepo.flow(["build"], repo)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("demisto-sdk"))
    }

    /// A stand-in demisto-sdk whose zip-packs stamps entries with the current time in a shuffled
    /// order (as the real one stamps mtimes), and adds `extra` as a file when given.
    func stampingSDK(_ repo: TempRepo, extra: String? = nil) throws -> [String: String] {
        let bin = repo.base + "/stamp-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let python = """
            import os, random, sys, time, zipfile
            out = sys.argv[sys.argv.index("-o") + 1] + "/uploadable_packs"
            os.makedirs(out, exist_ok=True)
            names = ["Demo/pack_metadata.json", "Demo/README.md", "Demo/Scripts/Hello/Hello.py"]
            random.shuffle(names)
            with zipfile.ZipFile(out + "/Demo.zip", "w") as z:
                for name in names:
                    z.writestr(zipfile.ZipInfo(name, time.localtime()[:6]), open("Packs/" + name, "rb").read())
                if os.environ.get("EXTRA"):
                    z.writestr("Demo/extra.txt", os.environ["EXTRA"])
            """
        try Data(python.utf8).write(to: URL(fileURLWithPath: bin + "/zip_packs.py"))
        let script =
            "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'demisto-sdk version: 0.0.0'; exit 0; }\n"
            + "exec python3 '\(bin)/zip_packs.py' \"$@\"\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: bin + "/demisto-sdk"))
        chmod(bin + "/demisto-sdk", 0o755)
        var env = try sdkEnvironment(repo, bin)
        env["EXTRA"] = extra ?? ""
        return env
    }

    @Test("flow build twice on one tag gives byte-identical zips; different bytes are refused without --force")
    func buildIsReproducibleAndNeverSilentlyReplaced() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let zip = repo.base + "/zips/Demo-1.0.0.zip"
        let first = try ReleasePackRepo.flow(["build"], repo, environment: try stampingSDK(repo))
        #expect(first.status == 0, "\(first.stdout + first.stderr)")
        let firstSHA = try ZipCheck.sha256(of: zip)
        sleep(2)  // the stand-in stamps the time: a second later its zip differs
        let second = try ReleasePackRepo.flow(["build"], repo, environment: try stampingSDK(repo))
        #expect(second.status == 0, "\(second.stdout + second.stderr)")
        #expect(try ZipCheck.sha256(of: zip) == firstSHA, "two builds of v1.0.0 gave different zips")
        let manifestPath = repo.base + "/zips/Demo-1.0.0.json"
        var manifest = try JSONDecoder().decode(BuildManifest.self, from: try #require(FileManager.default.contents(atPath: manifestPath)))
        #expect(manifest.reproducible == true && manifest.replacedSHA256 == nil && manifest.sha256 == firstSHA)

        // Different content for the same version: refused, the zip and manifest untouched.
        let refused = try ReleasePackRepo.flow(["build"], repo, environment: try stampingSDK(repo, extra: "other"))
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("Demo-1.0.0.zip already exists with different bytes (sha256 \(firstSHA.prefix(16))…"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("flow build --force replaces it"), "\(refused.stderr)")
        #expect(try ZipCheck.sha256(of: zip) == firstSHA)
        let forced = try ReleasePackRepo.flow(["build", "--force"], repo, environment: try stampingSDK(repo, extra: "other"))
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("replaced a different zip (sha256 \(firstSHA))"), "\(forced.stdout)")
        manifest = try JSONDecoder().decode(BuildManifest.self, from: try #require(FileManager.default.contents(atPath: manifestPath)))
        #expect(manifest.replacedSHA256 == firstSHA && manifest.sha256 != firstSHA)
    }

    @Test("flow next at the build phase says what is missing (the zip, its deploy) until both are done, never \"complete\" before")
    func nextAtBuildNamesWhatIsMissing() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let phases = ["survey", "repo-setup", "develop", "test", "lint", "validate", "commit", "merge", "release"]
        try repo.write(
            ".git/flow/state.json",
            """
            {"schemaVersion": 1, "branches": {"main": {"workflow": "minimal-checked", "phase": "build",
             "completed": [\(phases.map { "\"\($0)\"" }.joined(separator: ", "))], "updatedAt": "t"}}}
            """)
        let env = try stampingSDK(repo)
        let unbuilt = try ReleasePackRepo.flow(["next"], repo, environment: env)
        #expect(unbuilt.status == 1, "\(unbuilt.stdout)\(unbuilt.stderr)")
        #expect(
            unbuilt.stdout.contains("no zip of Demo 1.0.0 was built") && unbuilt.stdout.contains("fix: flow build --pack Demo"),
            "\(unbuilt.stdout)")
        #expect(!unbuilt.stdout.contains("complete"), "\(unbuilt.stdout)")
        #expect(try ReleasePackRepo.flow(["status"], repo, environment: env).stdout.contains("no zip of Demo 1.0.0 was built"))

        #expect(try ReleasePackRepo.flow(["build"], repo, environment: env).status == 0)
        let undeployed = try ReleasePackRepo.flow(["next"], repo, environment: env)
        #expect(undeployed.status == 1, "\(undeployed.stdout)\(undeployed.stderr)")
        #expect(
            undeployed.stdout.contains("Demo-1.0.0.zip is built but was not deployed")
                && undeployed.stdout.contains("fix: flow deploy --pack Demo"),
            "\(undeployed.stdout)")

        // Without a server the zip is left for installing by hand: that is the deploy.
        let deployed = try ReleasePackRepo.flow(["deploy"], repo, environment: env)
        #expect(deployed.status == 0, "\(deployed.stdout)\(deployed.stderr)")
        let done = try ReleasePackRepo.flow(["next"], repo, environment: env)
        #expect(done.status == 0 && done.stdout.contains("the workflow is complete"), "\(done.stdout)\(done.stderr)")
    }

    @Test(.enabled(if: ReleasePackRepo.sdkBin != nil, "needs demisto-sdk from scripts/xsoar-tools.sh"))
    func buildsTheTaggedReleaseAndDeploysItToAFakeServer() throws {
        let bin = try #require(ReleasePackRepo.sdkBin)
        let repo = try ReleasePackRepo.make()
        // zip-packs needs the Lists workaround: the directory must be back afterwards.
        try repo.apply([.write("Packs/Demo/Lists/Names/Names.json", "{\"id\": \"Names\"}\n"), .stage(["."]), .commit("list")])
        try ReleasePackRepo.amendWithTrailer(repo)  // the released tree was checked
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let env = try sdkEnvironment(repo, bin)
        let build = try ReleasePackRepo.flow(["build"], repo, environment: env)
        #expect(build.status == 0, "\(build.stdout + build.stderr)")
        let zip = repo.base + "/zips/Demo-1.0.0.zip"
        #expect(FileManager.default.fileExists(atPath: zip))
        #expect(try ZipCheck.packVersion(inZip: zip) == "1.0.0")
        #expect(repo.read("Packs/Demo/Lists/Names/Names.json") != nil)
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
        let manifestData = try #require(FileManager.default.contents(atPath: repo.base + "/zips/Demo-1.0.0.json"))
        let manifest = try JSONDecoder().decode(BuildManifest.self, from: manifestData)
        #expect(manifest.tag == "v1.0.0")
        #expect(manifest.commit == (try repo.git(["rev-parse", "HEAD"])))
        #expect(manifest.sha256 == (try ZipCheck.sha256(of: zip)))
        #expect(manifest.demistoSdkVersion.first?.isNumber == true)
        // The real zip-packs writes the build time into the zip's metadata.json: flow pins it to
        // the tagged commit's time, so a second build of the tag is byte-identical.
        sleep(2)
        let again = try ReleasePackRepo.flow(["build"], repo, environment: env)
        #expect(again.status == 0, "\(again.stdout + again.stderr)")
        #expect(try ZipCheck.sha256(of: zip) == manifest.sha256)

        let server = try FakeXSOAR(base: repo.base)
        defer { server.stop() }
        var deployEnv = env
        deployEnv["DEMISTO_BASE_URL"] = "http://127.0.0.1:\(server.port)"
        deployEnv["DEMISTO_API_KEY"] = "sekret-key-4711"
        let deploy = try ReleasePackRepo.flow(["deploy", "--yes"], repo, environment: deployEnv)
        #expect(deploy.status == 0, "\(deploy.stdout + deploy.stderr)")
        #expect(!(deploy.stdout + deploy.stderr).contains("sekret-key-4711"))
        let log = server.requests()
        #expect(
            log.contains { $0["path"] as? String == "/contentpacks/installed/upload" && $0["has_zip"] as? Bool == true },
            "\(log)")
        #expect(log.contains { $0["auth"] as? Bool == true })
    }

    @Test func deployRefusesATamperedZipAndLeavesItWithoutAServer() throws {
        let repo = try ReleasePackRepo.make()
        let zips = repo.base + "/zips"
        try FileManager.default.createDirectory(atPath: zips, withIntermediateDirectories: true)
        try Data("zip bytes".utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.zip"))
        let sha = try ZipCheck.sha256(of: zips + "/Demo-1.0.0.zip")
        let manifest = BuildManifest(
            pack: "Demo", version: "1.0.0", tag: "v1.0.0", commit: "x", zip: "Demo-1.0.0.zip",
            sha256: sha, demistoSdkVersion: "test")
        try Data(JSONOutput.render(manifest).utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.json"))
        let local = try ReleasePackRepo.flow(["deploy"], repo, environment: ["DEMISTO_BASE_URL": ""])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(local.stdout.contains("Demo-1.0.0.zip"))
        let noKey = try ReleasePackRepo.flow(
            ["deploy", "--yes"], repo,
            environment: [
                "DEMISTO_BASE_URL": "http://127.0.0.1:9",
                "DEMISTO_API_KEY": "",
            ])
        #expect(noKey.status == 2)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.zip"))
        let run = try ReleasePackRepo.flow(["deploy", "--yes"], repo, environment: ["DEMISTO_BASE_URL": "http://127.0.0.1:9"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("does not match its manifest"))
    }

    @Test func putsListsBackWhenZipPacksFails() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.write("Packs/Demo/Lists/Names/Names.json", "{}\n"), .stage(["."]), .commit("list")])
        try ReleasePackRepo.amendWithTrailer(repo)  // the released tree was checked
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let sdk = try FakeSDK(base: repo.base, exitCode: 2)
        let run = try ReleasePackRepo.flow(["build"], repo, environment: ["PATH": sdk.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("demisto-sdk zip-packs failed (exit 2)"))
        #expect(sdk.calls.contains("zip-packs -i Packs/Demo -o "))
        #expect(!sdk.calls.contains("lists visible"), "Lists must be moved aside while zip-packs runs")
        #expect(repo.read("Packs/Demo/Lists/Names/Names.json") == "{}\n")
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: repo.base + "/zips/Demo-1.0.0.zip"))
    }

    @Test func xsoar8NeedsTheAuthID() throws {
        let repo = try ReleasePackRepo.make(extraConfig: "platform: xsoar8\n")
        let zips = repo.base + "/zips"
        try FileManager.default.createDirectory(atPath: zips, withIntermediateDirectories: true)
        try Data("zip".utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.zip"))
        let manifest = BuildManifest(
            pack: "Demo", version: "1.0.0", tag: "v1.0.0", commit: "x", zip: "Demo-1.0.0.zip",
            sha256: try ZipCheck.sha256(of: zips + "/Demo-1.0.0.zip"), demistoSdkVersion: "test")
        try Data(JSONOutput.render(manifest).utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.json"))
        let run = try ReleasePackRepo.flow(
            ["deploy", "--yes"], repo,
            environment: [
                "DEMISTO_BASE_URL": "https://xsoar.example", "DEMISTO_API_KEY": "k-123456", "XSIAM_AUTH_ID": "",
            ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("XSIAM_AUTH_ID"))
        #expect(!run.stderr.contains("k-123456"))
    }

    @Test func scrubsSecrets() {
        #expect(Deployer.scrub("key=abcdef and abcdef", secrets: ["abcdef", ""]) == "key=*** and ***")
    }
}

/// A stand-in XSOAR API on 127.0.0.1: answers /about, accepts everything else, records each
/// request as a JSON line, and shuts itself down after two minutes whatever happens.
final class FakeXSOAR {
    let port: Int
    let log: String
    let process: Process

    static let script = #"""
        import json, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        log_path, port_path = sys.argv[1], sys.argv[2]
        ABOUT = {"demistoVersion": "6.10.0", "buildNum": "1", "productMode": "xsoar", "deploymentMode": "opp"}
        class Handler(BaseHTTPRequestHandler):
            def reply(self, body):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def record(self, body=b""):
                with open(log_path, "a") as f:
                    f.write(json.dumps({"method": self.command, "path": self.path.split("?")[0], "len": len(body),
                                        "has_zip": b"PK\x03\x04" in body,
                                        "auth": bool(self.headers.get("Authorization"))}) + "\n")
            def do_GET(self):
                self.record()
                self.reply(ABOUT if self.path.startswith("/about") else {})
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                self.record(body)
                self.reply({})
            def log_message(self, *args):
                pass
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_path + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        import os
        os.rename(port_path + ".tmp", port_path)
        threading.Timer(120, server.shutdown).start()
        server.serve_forever()
        """#

    init(base: String) throws {
        let scriptPath = base + "/fake_xsoar.py"
        let portPath = base + "/fake_xsoar.port"
        log = base + "/fake_xsoar.jsonl"
        try Data(FakeXSOAR.script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, log, portPath]
        process.standardInput = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        var found: Int?
        for _ in 0..<100 {
            if let text = FileManager.default.contents(atPath: portPath), let value = Int(String(decoding: text, as: UTF8.self)) {
                found = value
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard let found else {
            process.terminate()
            throw FlowError(.toolMissing, "the fake XSOAR server did not start")
        }
        port = found
    }

    func requests() -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: log) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func stop() {
        // SIGKILL: a SIGTERM can sit blocked in a mask inherited from the test runner.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
