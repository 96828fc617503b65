import FlowCore
import FlowGit
import Foundation
import Testing

@Suite("FlowGit history queries on real repositories")
struct HistoryTests {
    @Test func walksARangeNewestFirstWithMessagesTreesAndChangedPaths() throws {
        let repo = try TempRepo()
        try repo.apply(
            initialCommit + [
                .branch("feature/a"), .write("Packs/P/a.txt", "a"), .stage(["."]),
                .commit("add a\n\nbody line"), .write("Packs/P/b.txt", "b"),
                .remove("README.md"), .stage(["."]), .commit("add b"),
            ])
        let git = try repo.repository()
        let main = try #require(try git.resolveCommit("main"))
        let tip = try #require(try git.resolveCommit("HEAD"))
        let ids = try git.commits(from: main, to: tip)
        #expect(ids.count == 2)
        #expect(ids.first == tip)
        let first = try git.commitInfo(ids[1])
        #expect(first.subject == "add a")
        #expect(first.message.contains("body line"))
        #expect(first.parents == [main])
        #expect(!first.isMerge)
        #expect(try git.changedPaths(tip) == ["Packs/P/b.txt", "README.md"])
        #expect(try git.changedPaths(main) == ["README.md"])
        #expect(try git.treeID(of: "Packs/P", atCommit: tip) == (try repo.git(["rev-parse", "HEAD:Packs/P"])))
        #expect(try git.treeID(of: "Packs/P", atCommit: main) == nil)
        #expect(try git.commits(from: nil, to: tip).count == 3)
    }

    @Test func seesMergeCommits() throws {
        let repo = try TempRepo()
        try repo.apply(
            initialCommit + [
                .branch("feature/a"), .write("a", "a"), .stage(["a"]), .commit("a"),
                .checkout("main"), .merge("feature/a"),
            ])
        let git = try repo.repository()
        let head = try #require(try git.resolveCommit("HEAD"))
        #expect(try git.commitInfo(head).isMerge)
    }
}

@Suite("Evidence trailer")
struct TrailerFormatTests {
    let tree = String(repeating: "ab", count: 20)

    @Test func rendersAndParsesTheExactFormat() {
        let trailer = EvidenceTrailer(pack: "Demo", tree: tree, checks: ["test", "lint", "validate"])
        #expect(trailer.description == "Flow-Evidence: pack=Demo tree=\(tree) checks=test,lint,validate")
        #expect(EvidenceTrailer.parse(line: trailer.description) == trailer)
        #expect(EvidenceTrailer.all(in: "subject\n\nbody\n\n\(trailer)\n") == [trailer])
    }

    @Test func refusesMalformedLines() {
        #expect(EvidenceTrailer.parse(line: "Flow-Evidence: pack=Demo tree=abc checks=test") == nil)
        #expect(EvidenceTrailer.parse(line: "Flow-Evidence: pack=Demo tree=\(tree)") == nil)
        #expect(EvidenceTrailer.parse(line: "Flow-Evidence: pack=Demo tree=\(tree) checks=test extra=1") == nil)
        #expect(EvidenceTrailer.malformed(in: "s\n\nFlow-Evidence: tree=x\n").count == 1)
        let partial = EvidenceTrailer.parse(line: "Flow-Evidence: pack=Demo tree=\(tree) checks=test,lint")
        #expect(partial?.checks == ["test", "lint"])
        #expect(EvidenceTrailer.parse(line: "Flow-Evidence: pack=Demo tree=\(tree) checks=release")?.isRelease == true)
    }
}
