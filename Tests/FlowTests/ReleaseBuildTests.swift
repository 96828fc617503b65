import FlowCore
import FlowKit
import Foundation
import Testing

/// The binary scripts/build-release.sh makes: libgit2 and its libraries linked from Debian's
/// archives, the CA-bundle skip through `ld --wrap` instead of symbol interposition. scripts/test.sh
/// builds it and sets FLOW_RELEASE_BIN; without it these tests are skipped.
enum ReleaseBinary {
    static var path: String? {
        guard let path = ProcessInfo.processInfo.environment["FLOW_RELEASE_BIN"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return path
    }
}

@Suite(
    "the release build (scripts/build-release.sh)",
    .enabled(if: ReleaseBinary.path != nil, "set FLOW_RELEASE_BIN to scripts/build-release.sh's output (scripts/test.sh does)"))
struct ReleaseBuildTests {
    @Test(
        "libgit2 and its libraries, libstdc++ and libgcc are inside the executable; GSS-API is answered 'unavailable'; only libc, libm and zlib are shared"
    )
    func linksLibgit2Statically() throws {
        guard ProcessInfo.processInfo.environment["FLOW_LINK"] != "shared", let binary = ReleaseBinary.path else { return }
        let dynamic = ProcessRunner().run(["readelf", "-d", binary], in: "/", environment: [:], timeoutSeconds: 60)
        #expect(dynamic.succeeded, "\(dynamic.output)")
        let needed = dynamic.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }.map(String.init)
        #expect(!needed.isEmpty)
        for library in [
            "libgit2", "libssh2", "libmbed", "libcrypto", "libpcre2", "libhttp_parser",
            "libgssapi_krb5", "libkrb5", "libstdc++", "libgcc_s",
        ] {
            #expect(!needed.contains { $0.contains(library) }, "\(library) is still a shared library: \(needed)")
        }
        let allowed = ["libc.so", "libm.so", "libz.so", "ld-linux"]
        #expect(needed.allSatisfy { line in allowed.contains { line.contains($0) } }, "\(needed)")
        // libgit2's Negotiate authentication meets the stand-ins of scripts/static-link/gssapi_unavailable.c.
        let symbols = ProcessRunner().run(["nm", binary], in: "/", environment: [:], timeoutSeconds: 120)
        #expect(symbols.output.split(separator: "\n").contains { $0.hasSuffix(" T gss_indicate_mechs") })
    }

    @Test("its hooks refuse a commit before the checks, allow it after with the trailer, refuse it after an edit")
    func hooksThroughTheReleaseBuild() throws {
        let release = try #require(ReleaseBinary.path)
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"], binary: release).status == 0)
        // The installed hook calls the binary that installed it.
        let hook = try String(contentsOfFile: repo.path + "/.git/hooks/pre-commit", encoding: .utf8)
        let installed = URL(fileURLWithPath: release).resolvingSymlinksInPath().path
        #expect(hook.contains(installed), "\(hook)")

        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "-A"])
        let before = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(before.outcome == .exited(1))
        #expect(before.output.contains("test has not run on Demo"), "\(before.output)")

        try passStandInChecks(repo, binary: release)
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(allowed.succeeded, "\(allowed.output)")
        let tree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        #expect(
            EvidenceTrailer.all(in: try repo.git(["log", "-1", "--format=%B"]))
                == [EvidenceTrailer(pack: "Demo", tree: tree, checks: ["test", "lint", "validate"])])

        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hellO'\n")
        try repo.git(["add", "-A"])
        let after = gitHooked(repo, ["commit", "-q", "-m", "typo"])
        #expect(after.outcome == .exited(1))
        #expect(after.output.contains("test of Demo is stale"), "\(after.output)")
    }

    @Test("it answers exactly as the test build: hook, status, check and verify, passing and failing")
    func sameAnswersAsTheTestBuild() throws {
        let release = try #require(ReleaseBinary.path)
        let repo = try evidenceRepo()
        try repo.write("Demo-1.0.0.zip", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "."])
        let commands = [
            ["hook", "pre-commit"], ["status", "--json"], ["check", "--json"], ["phases", "--json"],
            ["verify", "release", "--json"], ["verify", "commits", "--range", "HEAD~0..HEAD"],
            ["hooks", "status"],
        ]
        for args in commands {
            let test = try flowIn(repo, args)
            let built = try flowIn(repo, args, binary: release)
            #expect(test.status == built.status, "\(args)")
            #expect(test.stdout == built.stdout, "\(args)")
            #expect(test.stderr == built.stderr, "\(args)")
        }

        // And where everything passes: the pack's checks done, only it staged.
        try repo.git(["rm", "-q", "--cached", "Demo-1.0.0.zip"])
        try FileManager.default.removeItem(atPath: repo.path + "/Demo-1.0.0.zip")
        try passStandInChecks(repo)
        for args in [["hook", "pre-commit"], ["check", "--json"]] {
            let test = try flowIn(repo, args)
            let built = try flowIn(repo, args, binary: release)
            if args == ["hook", "pre-commit"] { #expect(test.status == 0, "\(test.stderr)") }
            #expect(test.status == built.status && test.stdout == built.stdout && test.stderr == built.stderr, "\(args)")
        }
    }
}
