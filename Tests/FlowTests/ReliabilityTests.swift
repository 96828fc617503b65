import FlowCore
import FlowGit
import FlowKit
import Foundation
import Testing

/// Facts that fail every question, to show each gate fails closed.
final class FailingFacts: RepositoryFacts {
    private(set) var asked = 0
    let workDirectory: String? = nil
    let gitDirectory = "/nonexistent/.git"
    let isBare = false
    let isShallow = false

    func fail<T>() throws -> T {
        asked += 1
        throw GitError(.other, "reading the index failed: injected failure")
    }

    func head() throws -> Head { try fail() }
    func remoteNames() throws -> [String] { try fail() }
    func tags() throws -> [FlowGit.Tag] { try fail() }
    func stagedChanges() throws -> [StagedChange] { try fail() }
    func indexEntries(under prefix: String?) throws -> [FileEntry] { try fail() }
    func status(pathspec: String?) throws -> [StatusEntry] { try fail() }
    func resolveCommit(_ spec: String) throws -> String? { try fail() }
    func isAncestor(_ commit: String, of tip: String) throws -> Bool { try fail() }
    func localBranches() throws -> [String] { try fail() }
    func treeID(of directory: String, in source: TreeSource) throws -> String? { try fail() }
    func treeID(of directory: String, atCommit id: String) throws -> String? { try fail() }
    func blobPrefix(_ oid: String, count: Int) throws -> [UInt8] { try fail() }
    func changedPaths(since base: String) throws -> [String]? { try fail() }
    func mergeBase(with base: String) throws -> String? { try fail() }
    func fileContent(_ path: String, at commit: String) throws -> [UInt8]? { try fail() }
}

@Suite("Reliability: fail closed, locks, crashes")
struct ReliabilityTests {
    @Test("a gate whose git query fails is blocked, with the reason", arguments: ExampleCase.all)
    func failsClosed(_ c: ExampleCase) throws {
        let facts = FailingFacts()
        let files = LocalFiles(root: NSTemporaryDirectory() + "flow-missing-" + UUID().uuidString)
        let context = GateContext(git: facts, files: files, config: ProjectConfig(packs: ["Demo"]),
                                  evidence: EvidenceLedger(), commands: FakeRunner(), pack: c.example.pack ?? "Demo")
        let phase = Phase(id: "p", title: "p", gates: [GateUse(id: c.gateID, params: c.example.params)])
        let report = Engine(workflow: Workflow(id: "w", title: "w", phases: [phase], source: "w.yml"))
            .evaluate(phase, context)
        guard facts.asked > 0 else { return } // this gate never asks git
        #expect(report.gates.allSatisfy { !$0.passed }, "\(c.testDescription) passed although git failed")
        #expect(report.gates.contains { $0.reasons.contains { $0.contains("injected failure") } })
    }

    @Test func concurrentWritersLoseNothing() throws {
        let dir = NSTemporaryDirectory() + "flow-lock-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = StateStore(gitCommonDirectory: dir)
        let writers = 8, each = 25
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            for i in 0..<each {
                _ = try? store.updateState { $0.branches["b\(w)-\(i)"] = BranchState(workflow: "w", phase: "p", updatedAt: "t") }
            }
        }
        #expect(try store.loadState().branches.count == writers * each)
    }

    @Test("SIGKILL while flow writes state leaves the old or the new document, never a broken one")
    func killedWhileWriting() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit + [.remote("origin", url: "../o.git")])
        #expect(try FlowBinary.run(CLITests.initArgs, in: repo.path).status == 0)
        #expect(try FlowBinary.run(["next"], in: repo.path).status == 0)
        let statePath = repo.path + "/.git/flow/state.json"
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for round in 0..<60 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FlowBinary.path)
            process.arguments = round % 2 == 0 ? ["goto", "repo-setup"] : ["next"]
            process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try ProcessLaunch.run(process)
            usleep(UInt32.random(in: 0...25_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let data = try #require(FileManager.default.contents(atPath: statePath))
            let state = try JSONDecoder().decode(FlowState.self, from: data)
            #expect(["repo-setup", "develop"].contains(state.branches["main"]?.phase ?? ""))
        }
        // Leftover temp files from killed writers are ignored by readers and never read as state.
        let status = try FlowBinary.run(["status", "--json"], in: repo.path)
        #expect(status.status == 0)
        #expect(killed > 0, "no run was killed: the test proved nothing")
    }

    @Test("no secret from the environment reaches state, config, logs or output")
    func secretsStayOut() throws {
        let secret = "flow-planted-secret-7f3a9c"
        let env = ["DEMISTO_API_KEY": secret, "XSIAM_AUTH_ID": secret, "DEMISTO_BASE_URL": "http://127.0.0.1:9"]
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        var outputs: [String] = []
        for args in [CLITests.initArgs, ["status", "--json"], ["next"], ["check", "--json"], ["phases", "--json"],
                     ["doctor", "--json"], ["status", "--bogus"]] {
            let run = try FlowBinary.run(args, in: repo.path, environment: env)
            outputs += [run.stdout, run.stderr]
        }
        for text in outputs { #expect(!text.contains(secret)) }
        let enumerator = FileManager.default.enumerator(atPath: repo.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasPrefix(".flow") || relative.hasPrefix(".git/flow") else { continue }
            let text = String(decoding: FileManager.default.contents(atPath: repo.path + "/" + relative) ?? Data(), as: UTF8.self)
            #expect(!text.contains(secret), "\(relative) holds the secret")
        }
    }
}
