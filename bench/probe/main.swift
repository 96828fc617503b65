// The git queries of flow's pre-commit hook, through FlowGit only (no CLI, no project loading):
// branch, staged files, zip artifacts by name and by content, tag on HEAD, staged tree id of each
// staged pack. Lets the benchmark time FlowGit alone and `--steps` shows where the time goes.
// Not part of the test suite; built by `swift build` as the `flowgit-probe` executable.
import FlowCore
import FlowGit
import Foundation

let showSteps = CommandLine.arguments.contains("--steps")
var last = DispatchTime.now().uptimeNanoseconds
@MainActor func step(_ label: String) {
    guard showSteps else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    print(String(format: "%-36@ %8.2f ms", label as NSString, Double(now - last) / 1e6))
    last = DispatchTime.now().uptimeNanoseconds
}

do {
    let repo = try Repository.discover()
    step("discover (libgit2 init + open)")
    let head = try repo.head()
    step("head")
    let staged = try repo.stagedChanges()
    step("stagedChanges (\(staged.count))")
    let entries = try repo.indexEntries()
    let zipsByName = entries.filter { $0.pathBytesSatisfy(GitNoArtifactsGate.isArtifactName(bytes:)) }
    step("indexEntries (\(entries.count))")
    var zipsByContent = 0
    for change in staged {
        guard let oid = change.oid else { continue }
        if try repo.blobPrefix(oid, count: 4) == [0x50, 0x4B, 0x03, 0x04] { zipsByContent += 1 }
    }
    step("blobPrefix of staged files")
    let tagsOnHead = try repo.tags().filter { $0.commit != nil && $0.commit == head.commit }
    step("tags")
    var packs: Set<String> = []
    for change in staged {
        let parts = change.path.split(separator: "/")
        if parts.count > 2, parts[0] == "Packs" { packs.insert(String(parts[1])) }
    }
    var trees: [String] = []
    for pack in packs.sorted() { trees.append(try repo.treeID(of: "Packs/\(pack)", in: .index) ?? "-") }
    step("treeID(.index) of \(packs.count) pack(s)")
    if !showSteps {
        print("\(head.branchName ?? "detached") staged=\(staged.count) zips=\(zipsByName.count)+\(zipsByContent) tags=\(tagsOnHead.count) trees=\(trees.joined(separator: ","))")
    }
    // A short-lived process: leave the handles to the kernel instead of freeing them one by one.
    exit(0)
} catch {
    FileHandle.standardError.write(Data("flowgit-probe: \(error)\n".utf8))
    exit(1)
}
