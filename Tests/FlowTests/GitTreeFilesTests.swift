import FlowCore
import Foundation
import Testing

@testable import FlowGit
@testable import FlowKit

/// The files gates read from git (a commit, the index, a work-tree pack) answer as the same files
/// on disk would, for every file and directory of a repository with nesting at several depths.
@Suite("files read from git")
struct GitTreeFilesTests {
    static let files = [
        "README.md", "Packs/A/pack_metadata.json", "Packs/A/Integrations/I/I.py", "Packs/A/Integrations/I/I.yml",
        "Packs/A/Integrations/J/J.py", "Packs/A/ReleaseNotes/1_0_0.md", "Packs/B/README.md", "Packs/B/deep/er/x.txt",
        "Tests/conftest.py", "a/b/c/d.txt", "Packs/A/Integrations/I/test_data/é.json",
    ]

    @Test("the paths two commits differ in, walking only the differing subtrees, are libgit2's diff's, for every pair of a varied history")
    func prunedTreeDiffAnswersAsLibgit2() throws {
        let repo = try TempRepo()
        var commits: [String] = []
        func commit(_ message: String) throws {
            try repo.git(["add", "-A"])
            try repo.git(["commit", "-q", "--no-verify", "--allow-empty", "-m", message])
            commits.append(try repo.git(["rev-parse", "HEAD"]))
        }
        for path in Self.files { try repo.write(path, "first \(path)\n") }
        try commit("files")
        try repo.write("Packs/A/Integrations/I/I.py", "changed\n")
        try repo.write("Packs/C/new/deep/file.txt", "new pack\n")
        try commit("modify, add a directory")
        try repo.git(["rm", "-q", "-r", "Packs/B"])
        try repo.git(["mv", "README.md", "README2.md"])
        try commit("delete a directory, rename")
        try repo.git(["rm", "-q", "-r", "a/b"])
        try repo.write("a/b", "now a file\n")
        try commit("a directory becomes a file")
        try repo.git(["rm", "-q", "a/b"])
        try repo.write("a/b/c/d.txt", "a directory again\n")
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(commits[0]),Packs/A/Vendor"])
        try commit("a file becomes a directory, a submodule")
        try repo.git(["update-index", "--chmod=+x", "Packs/A/Integrations/J/J.py"])
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/Packs/C/link", withDestinationPath: "new")
        try commit("a mode change, a link")
        try commit("nothing")
        let git = try repo.repository()
        for base in [nil] + commits {
            for tip in commits {
                let pruned = try git.changedPaths(from: base, to: tip, pruned: true)
                let general = try git.changedPaths(from: base, to: tip, pruned: false)
                #expect(pruned == general, "\(base ?? "nil")..\(tip)")
            }
        }
        #expect(try git.changedPaths(from: commits[0], to: commits[1], pruned: true).contains("Packs/C/new/deep/file.txt"))
    }

    @Test("listing, directories, existence and bytes equal the work tree's, from a commit, the index and a work-tree pack")
    func sameAsTheDisk() throws {
        let repo = try TempRepo()
        for path in Self.files { try repo.write(path, "content of \(path)\n") }
        try repo.apply([.stage(["."]), .commit("files")])
        let repository = try repo.repository()
        let head = try #require(try repository.head().commit)
        // The disk without git's own directory.
        struct Disk: FileReading {
            let files: LocalFiles
            func read(_ path: String) -> [UInt8]? { files.read(path) }
            func isDirectory(_ path: String) -> Bool { files.isDirectory(path) }
            func exists(_ path: String) -> Bool { files.exists(path) }
            func isSymbolicLink(_ path: String) -> Bool { files.isSymbolicLink(path) }
            func list(_ path: String) -> [String]? { files.list(path).map { $0.filter { $0 != ".git" } } }
        }
        let disk = Disk(files: LocalFiles(root: repo.path))
        var paths: Set<String> = [""]
        for file in Self.files {
            var parts = file.split(separator: "/").map(String.init)
            while !parts.isEmpty {
                paths.insert(parts.joined(separator: "/"))
                parts.removeLast()
            }
        }
        paths.formUnion(["nothing", "Packs/Z", "Packs/A/none", "README.md/x", "Packs/A/Integrations/I/I.py/x"])
        let sources: [GitTreeFiles.Source] = [.commit(head), .index, .workTree(pack: "Packs/A")]
        for source in sources {
            let files = GitTreeFiles(repository: repository, source: source)
            for path in paths.sorted() {
                #expect(files.list(path) == disk.list(path), "list \(path) from \(source)")
                #expect(files.isDirectory(path) == disk.isDirectory(path), "isDirectory \(path) from \(source)")
                #expect(files.exists(path) == disk.exists(path), "exists \(path) from \(source)")
                if !disk.isDirectory(path) { #expect(files.read(path) == disk.read(path), "read \(path) from \(source)") }
            }
            #expect(!files.incomplete)
        }
        // A work-tree pack with a file changed and one added since: its tree, not the index's.
        try repo.write("Packs/A/Integrations/J/J.py", "changed\n")
        try repo.write("Packs/A/new/n.txt", "new\n")
        let workTree = GitTreeFiles(repository: repository, source: .workTree(pack: "Packs/A"))
        #expect(workTree.read("Packs/A/Integrations/J/J.py") == Array("changed\n".utf8))
        #expect(workTree.list("Packs/A") == disk.list("Packs/A"))
        #expect(workTree.read("Packs/A/new/n.txt") == Array("new\n".utf8))
        #expect(GitTreeFiles(repository: repository, source: .index).list("Packs/A") != disk.list("Packs/A"))
        #expect(!workTree.incomplete)
    }

    @Test("a nested packs root (Content/Packs): the work-tree pack is read from the work tree, the rest from the index")
    func nestedPacksRoot() throws {
        let repo = try TempRepo()
        for path in ["Content/README.md", "Content/Packs/A/a.py", "Content/Packs/B/b.py"] { try repo.write(path, "staged \(path)\n") }
        try repo.apply([.stage(["."]), .commit("files")])
        try repo.write("Content/Packs/A/a.py", "edited\n")
        try repo.write("Content/Packs/B/b.py", "edited\n")
        let files = GitTreeFiles(repository: try repo.repository(), source: .workTree(pack: "Content/Packs/A"), packsRoot: "Content/Packs")
        #expect(files.scope(of: "Content/Packs/A/a.py") == "Content/Packs/A")
        #expect(files.scope(of: "Content//Packs/B/b.py") == "Content/Packs/B")
        #expect(files.scope(of: "Content/README.md") == "Content")
        // Before, the scope was the first component only: the pack was read from the index.
        #expect(files.read("Content/Packs/A/a.py") == Array("edited\n".utf8))
        #expect(files.read("Content/Packs/B/b.py") == Array("staged Content/Packs/B/b.py\n".utf8))
        #expect(files.read("Content/README.md") == Array("staged Content/README.md\n".utf8))
        #expect(!files.incomplete)
    }

    @Test("pack.no-links refuses a staged symbolic link and a staged submodule in a pack, as git will commit them")
    func linksInTheStagedTree() throws {
        let repo = try TempRepo()
        try repo.write("Packs/Demo/Integrations/Hello/Hello.py", "x = 1\n")
        try repo.write("shared/shared.py", "y = 2\n")
        try repo.apply([
            .stage(["."]), .commit("files"),
            .symlink("Packs/Demo/Integrations/Hello/shared.py", to: "../../../../shared/shared.py"),
            .stage(["Packs/Demo"]),
        ])
        let head = try #require(try repo.repository().head().commit)
        _ = try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(head),Packs/Demo/Vendor"])
        let staged = GitTreeFiles(repository: try repo.repository(), source: .index)
        let context = GateContext(
            git: FactsSnapshot(try repo.repository()), files: staged, config: ProjectConfig(packs: ["Demo"]),
            evidence: EvidenceLedger(), commands: ProcessRunner(), pack: "Demo", content: ContentReader())
        let outcome = try PackNoLinksGate.evaluate(GateParams(), context)
        #expect(!outcome.passed)
        #expect(
            outcome.reasons.contains { $0.contains("Packs/Demo/Integrations/Hello/shared.py is a symbolic link") }, "\(outcome.reasons)")
        #expect(outcome.reasons.contains { $0.contains("Packs/Demo/Vendor is a submodule") }, "\(outcome.reasons)")
        // No baseline or exception excuses it.
        #expect(!Baseline.covers(PackNoLinksGate.id))
        #expect(GateException(pack: "Demo", gate: PackNoLinksGate.id, reason: "shared").problem(in: ProjectConfig(packs: ["Demo"])) != nil)
    }
}
