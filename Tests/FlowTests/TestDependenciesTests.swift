import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 24: a pack's tests import libraries of its Docker image (`xlrd`, `geopy`) that the tools'
/// Python has not. `.flow/test-requirements.txt` names them, pinned; `flow test-requirements
/// install` installs them; the test action runs with them, at the desk and in CI (the base's
/// list judges). With `testsInImage: true` and docker on PATH the tests run in each component's
/// `dockerimage` instead, and the evidence says which ran.
@Suite("Test requirements and test images", .serialized)
struct TestDependenciesTests {
    static let image = "demisto/python3:3.10.14.100715"

    /// An integration whose test imports xlrd (a small pure-Python package from PyPI that the
    /// tools' environment does not hold), and whose YAML names its Docker image.
    static func pack(_ repo: TempRepo, image: String? = TestDependenciesTests.image) throws {
        let dir = "Packs/Acme/Integrations/AcmeSheets"
        try repo.write("Packs/Acme/pack_metadata.json", RealPack.metadata(name: "Acme", version: "1.0.0"))
        try repo.write("\(dir)/AcmeSheets.py", "import xlrd\n\n\ndef reader_version():\n    return xlrd.__version__\n")
        try repo.write(
            "\(dir)/AcmeSheets_test.py",
            "from AcmeSheets import reader_version\n\n\ndef test_reader_version():\n    assert reader_version() == \"2.0.1\"\n")
        try repo.write(
            "\(dir)/AcmeSheets.yml",
            """
            commonfields:
              id: AcmeSheets
              version: -1
            name: AcmeSheets
            display: Acme Sheets
            category: Utilities
            description: Reads sheets.
            configuration: []
            script:
              script: '-'
              type: python
              subtype: python3
            \(image.map { "  dockerimage: \($0)\n" } ?? "")  commands: []
            fromversion: 6.10.0

            """)
    }

    /// A repository on a feature branch (the shipped action blocks) whose pack imports xlrd.
    func repository(config extra: String = "", list: String? = nil) throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(
            ".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/xsoar-actions.yml\npacks: [Acme]\n\(extra)")
        try repo.write("CommonServerPython.py", CommonServerFixture.commonServerPython)
        try repo.write("demistomock.py", CommonServerFixture.demistomock)
        if let list { try repo.write(TestRequirements.relativePath, list) }
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        try Self.pack(repo)
        return repo
    }

    func flow(_ repo: TempRepo, _ args: [String], path: String? = nil) throws -> FlowRun {
        let bin = try #require(XsoarTools.bin)
        return try FlowBinary.run(
            args, in: repo.path,
            environment: [
                "PATH": path ?? XsoarTools.path(bin), "FLOW_CACHE_DIR": repo.base + "/cache",
                "FLOW_COMMON_SERVER_URL": "http://127.0.0.1:9/nothing-listens-here",
            ])
    }

    /// `flow verify checks` of the feature branch's range for Acme: the report and its test check
    /// (lint and validate run too; this suite is about the test).
    func checks(_ repo: TempRepo, _ extra: [String]) throws -> (report: ChecksReport, test: ChecksReport.Check?, stdout: String) {
        let run = try flow(repo, ["verify", "checks", "--range", "main..HEAD", "--pack", "Acme", "--json"] + extra)
        let report = try JSONDecoder().decode(ChecksReport.self, from: Data(run.stdout.utf8))
        return (report, report.packs.first?.checks.first { $0.check == "test" }, run.stdout + run.stderr)
    }

    func evidence(_ repo: TempRepo) throws -> EvidenceLedger {
        let data = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/flow/evidence.json"))
        return try JSONDecoder().decode(EvidenceLedger.self, from: data)
    }

    // MARK: the list itself

    @Test("an unpinned line is refused naming file:line and the pinned form; comments and pins pass")
    func unpinnedRefused() throws {
        let list = try TestRequirements.parse("# for AcmeSheets\nxlrd==2.0.1  # the image's\n\ngeopy==2.4.1\n", file: ".flow/t.txt")
        #expect(list.pins == ["xlrd==2.0.1", "geopy==2.4.1"])
        for (line, name) in [("xlrd", "xlrd"), ("xlrd>=2", "xlrd"), ("xlrd==2.*", "xlrd"), ("-e .", "NAME"), ("https://x/y.whl", "NAME")] {
            #expect(throws: FlowError.self) { try TestRequirements.parse("ok==1.0\n\(line)\n", file: ".flow/t.txt") }
            do {
                _ = try TestRequirements.parse("ok==1.0\n\(line)\n", file: ".flow/t.txt")
            } catch let error as FlowError {
                #expect(error.message.hasPrefix(".flow/t.txt:2: `\(line)` is not pinned"), "\(error.message)")
                #expect(error.hint?.contains("\(name)==VERSION") == true, "\(error.hint ?? "")")
            }
        }
    }

    @Test("flow next refuses an unpinned list at file:line before running the tests", .enabled(if: XsoarTools.installed))
    func unpinnedRefusedAtTheDesk() throws {
        let repo = try repository(list: "xlrd\n")
        #expect(try flow(repo, ["next"]).status == 0)
        let run = try flow(repo, ["next"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(".flow/test-requirements.txt:1: `xlrd` is not pinned"), "\(run.stderr)")
        #expect(run.stderr.contains("xlrd==VERSION"), "\(run.stderr)")
    }

    @Test("the pytest set mounted into the images pins pytest and its plugins as the tools do")
    func pytestSetMatchesTheTools() throws {
        let script = try String(contentsOfFile: SourceTree.root + "/scripts/xsoar-tools.sh", encoding: .utf8)
        for name in ["pytest", "pytest-mock", "requests-mock", "freezegun"] {
            let pin = try #require(ComponentImage.pytestSet.pins.first { $0.hasPrefix(name + "==") })
            #expect(script.contains("\"\(pin)\""), "\(pin) is not what scripts/xsoar-tools.sh pins")
        }
    }

    @Test("the list is a policy input: a range that changes it is named in CI")
    func listIsAPolicyInput() {
        let changes = PolicyInputs.changes(
            [".flow/test-requirements.txt", "Packs/Acme/README.md"], settings: [.init(workflow: nil, commonServer: nil, packsRoot: "Packs")]
        )
        #expect(changes.map(\.path) == [".flow/test-requirements.txt"])
    }

    // MARK: the desk and CI with the real tools

    @Test(
        "a test importing a declared package fails without the list, stops until installed, then passes at the desk and in CI with the base's list",
        .enabled(if: XsoarTools.installed))
    func extraRequirementAtDeskAndInCI() throws {
        let repo = try repository()
        #expect(try flow(repo, ["next"]).status == 0)  // develop -> test
        let without = try flow(repo, ["next"])
        #expect(without.status == 1, "\(without.stdout)\(without.stderr)")
        #expect(without.stdout.contains("No module named 'xlrd'"), "\(without.stdout)")

        // Declared but not installed: fail closed with the command that installs it.
        try repo.write(TestRequirements.relativePath, "xlrd==2.0.1\n")
        let declared = try flow(repo, ["next"])
        #expect(declared.status == 3, "\(declared.stdout)\(declared.stderr)")
        #expect(declared.stderr.contains("names xlrd==2.0.1 for the unit tests, not installed"), "\(declared.stderr)")
        #expect(declared.stderr.contains("fix: flow test-requirements install"), "\(declared.stderr)")
        let doctorBefore = try flow(repo, ["doctor"])
        #expect(
            doctorBefore.stdout.contains("test requirements: xlrd==2.0.1 (.flow/test-requirements.txt): not installed"),
            "\(doctorBefore.stdout)")
        #expect(doctorBefore.stdout.contains("docker: the packs name \(Self.image) (Acme/AcmeSheets)"), "\(doctorBefore.stdout)")

        let install = try flow(repo, ["test-requirements", "install"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(install.stdout.contains("installed: xlrd==2.0.1"), "\(install.stdout)")
        let passed = try flow(repo, ["next"])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("on the host, with test requirements xlrd==2.0.1"), "\(passed.stdout)")
        let record = try #require(try evidence(repo).records.last { $0.check == "test" })
        #expect(record.passed && record.ranWith == "on the host, with test requirements xlrd==2.0.1")
        let doctor = try flow(repo, ["doctor"])
        #expect(doctor.stdout.contains("xlrd==2.0.1 (.flow/test-requirements.txt), installed in"), "\(doctor.stdout)")

        // Another list is another run: the test is not skipped as unchanged.
        try repo.write(TestRequirements.relativePath, "xlrd==2.0.1\n# the same pins, a comment more\n")
        #expect(try flow(repo, ["goto", "test"]).status == 0)
        let same = try flow(repo, ["next"])
        #expect(same.stdout.contains("not re-run"), "\(same.stdout)")
        try repo.write(TestRequirements.relativePath, "")
        #expect(try flow(repo, ["goto", "test"]).status == 0)
        let emptied = try flow(repo, ["next"])
        #expect(emptied.status == 1 && !emptied.stdout.contains("not re-run"), "\(emptied.stdout)")
        try repo.write(TestRequirements.relativePath, "xlrd==2.0.1\n")

        // CI: the pull request brings the list with the pack. The base (main) has none, so the
        // base's rules judge without it: the list is named as a rule change and the test fails.
        try repo.apply([.stage(["."]), .commit("feat(Acme): sheets")])
        let ci = try checks(repo, [])
        #expect(ci.report.policyChanges.map(\.path) == [TestRequirements.relativePath], "\(ci.stdout)")
        #expect(ci.test?.passed == false && ci.test?.output?.contains("No module named 'xlrd'") == true, "\(ci.stdout)")
        // A maintainer accepts the new list: it judges, and the test passes.
        let accepted = try checks(repo, ["--accept-rule-changes"])
        #expect(accepted.test?.passed == true, "\(accepted.stdout)")

        // Once main has the list, a pull request that only adds code passes with the base's list.
        try repo.apply([.checkout("main")])
        try repo.write(TestRequirements.relativePath, "xlrd==2.0.1\n")
        try repo.apply([.stage([TestRequirements.relativePath]), .commit("chore: test requirements"), .checkout("feature/x")])
        try repo.apply([.merge("main")])
        let base = try checks(repo, [])
        #expect(base.report.policyChanges.isEmpty, "\(base.stdout)")
        #expect(base.test?.passed == true && base.test?.message.contains("with test requirements xlrd==2.0.1") == true, "\(base.stdout)")
    }

    // MARK: images

    @Test("flow doctor names the images the packs name and the container engine, instead of 'Docker is not needed'")
    func doctorNamesTheImages() throws {
        let repo = try repository()
        try repo.write(
            "Packs/Acme/Scripts/AcmeSay/AcmeSay.yml",
            "commonfields:\n  id: AcmeSay\n  version: -1\nname: AcmeSay\nscript: '-'\ntype: python\nsubtype: python3\n"
                + "dockerimage: demisto/python3:3.12.8.1983910\n")
        try repo.write("Packs/Acme/Scripts/AcmeBare/AcmeBare.yml", "commonfields:\n  id: AcmeBare\nname: AcmeBare\nscript: '-'\n")
        let runner = FakeRunner()
        runner.answers = ["python3 -c": FakeRunner.ok("3.11\n")]
        let report = Doctor(runner: runner, environment: ["PATH": repo.base + "/empty"]).run(at: repo.path)
        let docker = try #require(report.checks.first { $0.name == "docker" })
        #expect(
            docker.detail.contains("the packs name \(Self.image) (Acme/AcmeSheets), demisto/python3:3.12.8.1983910 (Acme/AcmeSay)"),
            "\(docker.detail)")
        #expect(docker.detail.contains("no dockerimage in Acme/AcmeBare"), "\(docker.detail)")
        #expect(docker.detail.contains("no container engine (docker, podman) on PATH: the tests run on the host"), "\(docker.detail)")
        #expect(!docker.detail.contains("not need"))
        // An engine on PATH is named; opted in without one is missing.
        let bin = repo.base + "/engine"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: bin + "/podman", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        let withEngine = Doctor(runner: runner, environment: ["PATH": bin]).run(at: repo.path)
        #expect(withEngine.checks.first { $0.name == "docker" }?.detail.contains("podman is on PATH; the tests run on the host") == true)
        try repo.write(".flow/config.yml", "workflow: minimal\npacks: [Acme]\ntestsInImage: true\n")
        let optedIn = Doctor(runner: runner, environment: ["PATH": repo.base + "/empty"]).run(at: repo.path)
        #expect(optedIn.checks.first { $0.name == "docker" }?.level == .missing)
        #expect(!optedIn.healthy)
    }

    /// A `docker` that records its arguments and runs the command after the image on the host, in
    /// the `-w` directory with the `-e` variables: what flow asks of the engine, without one.
    /// `site`: a directory standing for the image's own libraries, added to the command's PYTHONPATH.
    func fakeDocker(_ repo: TempRepo, site: String) throws -> (bin: String, log: String) {
        let bin = repo.base + "/fake-engine"
        let log = repo.base + "/docker-argv.txt"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let script = """
            #!/bin/bash
            printf '%s\\n' "$@" > '\(log)'
            [ "$1" = run ] || exit 2
            shift
            workdir=""; envs=()
            while [ $# -gt 0 ]; do
              case "$1" in
                --rm) shift ;;
                --network|-v) shift 2 ;;
                -w) workdir="$2"; shift 2 ;;
                -e) case "$2" in PYTHONPATH=*) envs+=("$2:\(site)") ;; *) envs+=("$2") ;; esac; shift 2 ;;
                *) break ;;
              esac
            done
            shift   # the image
            cd "$workdir" && exec env "${envs[@]}" "$@"

            """
        FileManager.default.createFile(atPath: bin + "/docker", contents: Data(script.utf8), attributes: [.posixPermissions: 0o755])
        return (bin, log)
    }

    /// PATH without any docker or podman of the machine's.
    static func pathWithoutEngines(_ bin: String) -> String {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        return
            ([bin] + dirs.filter { dir in ComponentImage.engines.allSatisfy { !FileManager.default.fileExists(atPath: dir + "/" + $0) } })
            .joined(separator: ":")
    }

    @Test(
        "testsInImage: true runs each component's tests in its dockerimage via the engine on PATH, and the evidence says so; without an engine or an image it stops",
        .enabled(if: XsoarTools.installed))
    func testsInTheImage() throws {
        let repo = try repository(config: "testsInImage: true\n")
        let tools = try #require(XsoarTools.bin)
        let noEngine = Self.pathWithoutEngines(tools)
        #expect(try flow(repo, ["next"], path: noEngine).status == 0)  // develop -> test
        // Opted in, no engine: fail closed.
        let stopped = try flow(repo, ["next"], path: noEngine)
        #expect(stopped.status == 3, "\(stopped.stdout)\(stopped.stderr)")
        #expect(stopped.stderr.contains("testsInImage: true, but neither docker nor podman is on PATH"), "\(stopped.stderr)")

        // The image holds the pack's libraries: the fake engine runs on the host, so an xlrd the
        // test writes stands for the image's.
        let site = repo.base + "/image-site"
        try FileManager.default.createDirectory(atPath: site + "/xlrd", withIntermediateDirectories: true)
        try Data("__version__ = \"2.0.1\"\n".utf8).write(to: URL(fileURLWithPath: site + "/xlrd/__init__.py"))
        let (bin, log) = try fakeDocker(repo, site: site)
        let path = Self.pathWithoutEngines(tools + ":" + bin)
        // The pytest set the images need is not installed yet: the command that installs it.
        let notInstalled = try flow(repo, ["next"], path: path)
        #expect(notInstalled.status == 3, "\(notInstalled.stdout)\(notInstalled.stderr)")
        #expect(notInstalled.stderr.contains("fix: flow test-requirements install"), "\(notInstalled.stderr)")
        let install = try flow(repo, ["test-requirements", "install"], path: path)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(install.stdout.contains("flow's pytest set for test images"), "\(install.stdout)")
        let ran = try flow(repo, ["next"], path: path)
        #expect(ran.status == 0, "\(ran.stdout)\(ran.stderr)")
        #expect(ran.stdout.contains("test passed"), "\(ran.stdout)")
        #expect(ran.stdout.contains("in \(Self.image) via docker"), "\(ran.stdout)")
        let argv = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        let component = repo.path + "/Packs/Acme/Integrations/AcmeSheets"
        #expect(Array(argv.prefix(3)) == ["run", "--rm", "--network"], "\(argv)")
        #expect(argv.contains("\(repo.path):\(repo.path)"), "the repository is mounted at its own path: \(argv)")
        let w = try #require(argv.firstIndex(of: "-w"))
        #expect(argv[w + 1] == component, "\(argv)")
        let at = try #require(argv.firstIndex(of: Self.image))
        #expect(Array(argv[(at + 1)...].prefix(3)) == ["python3", "-m", "pytest"], "the host run's command: \(argv)")
        #expect(argv.contains { $0.hasPrefix("PYTHONPATH=") && $0.contains("/flow/test-requirements/") }, "\(argv)")
        let record = try #require(try evidence(repo).records.last { $0.check == "test" })
        #expect(record.passed && record.ranWith == "in \(Self.image) via docker", "\(record)")

        // A component whose YAML names no image: fail closed naming it.
        try Self.pack(repo, image: nil)
        #expect(try flow(repo, ["goto", "test"], path: path).status == 0)
        let noImage = try flow(repo, ["next"], path: path)
        #expect(noImage.status == 2, "\(noImage.stdout)\(noImage.stderr)")
        #expect(
            noImage.stderr.contains("Packs/Acme/Integrations/AcmeSheets/AcmeSheets.yml names no dockerimage"), "\(noImage.stderr)")
    }
}
