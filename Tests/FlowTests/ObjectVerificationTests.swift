import FlowCore
import FlowKit
import Foundation
import Testing

/// libgit2 re-hashes every object it reads unless told not to; with the fast paths on flow reads
/// objects as git does (no re-hash: a sound store answers the same, `git fsck` finds a damaged
/// one), with them off libgit2's verification stands.
@Suite("object reads and hash verification")
struct ObjectVerificationTests {
    /// A staged blob whose loose object holds other bytes than its name says (a damaged store).
    func damagedStagedBlob() throws -> TempRepo {
        let repo = try evidenceRepo()
        try repo.write("Packs/Demo/notes.txt", "hello\n")
        try repo.git(["add", "Packs/Demo/notes.txt"])
        let oid = try repo.git(["rev-parse", ":Packs/Demo/notes.txt"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repo.path + "/.git/objects/\(oid.prefix(2))/\(oid.dropFirst(2))"
        // Same length, other bytes, compressed as git stores a loose object.
        _ = try repo.run([
            "python3", "-c",
            """
            import sys, zlib, os
            path = sys.argv[1]
            os.chmod(path, 0o644)
            open(path, 'wb').write(zlib.compress(b'blob 6\\x00HELLO\\n'))
            """, object,
        ])
        return repo
    }

    @Test("fast paths on: the staged blob is read as git reads it; off: libgit2's hash check refuses it and the hook stops, saying so")
    func strictVerificationFollowsTheSwitch() throws {
        let repo = try damagedStagedBlob()
        #expect(try repo.git(["cat-file", "-p", ":Packs/Demo/notes.txt"]).hasPrefix("HELLO"), "git itself reads it without a check")
        let on = try FlowBinary.run(["hook", "pre-commit"], in: repo.path)
        #expect(!on.stderr.contains("hash"), "\(on.stderr)")
        let off = try FlowBinary.run(["hook", "pre-commit"], in: repo.path, environment: ["FLOW_FAST_PATHS": "0"])
        #expect(off.status != 0 && off.status != 1, "a git error, not a refusal: \(off.status) \(off.stderr)")
        #expect(off.stderr.lowercased().contains("hash"), "\(off.stderr)")
    }
}
