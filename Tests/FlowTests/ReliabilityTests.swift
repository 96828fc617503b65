import FlowCore
import FlowGit
import Foundation
import Testing

@testable import FlowKit

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
    func filterDrivers(for paths: [String]) throws -> [String: String] { try fail() }
}

@Suite("Reliability: fail closed, locks, crashes")
struct ReliabilityTests {
    @Test("a gate whose git query fails is blocked, with the reason", arguments: ExampleCase.all)
    func failsClosed(_ c: ExampleCase) throws {
        let facts = FailingFacts()
        let files = LocalFiles(root: NSTemporaryDirectory() + "flow-missing-" + UUID().uuidString)
        let context = GateContext(
            git: facts, files: files, config: ProjectConfig(packs: ["Demo"]),
            evidence: EvidenceLedger(), commands: FakeRunner(), pack: c.example.pack ?? "Demo")
        let phase = Phase(id: "p", title: "p", gates: [GateUse(id: c.gateID, params: c.example.params)])
        let report = Engine(workflow: Workflow(id: "w", title: "w", phases: [phase], source: "w.yml"))
            .evaluate(phase, context)
        guard facts.asked > 0 else { return }  // this gate never asks git
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

    @Test("the commit-msg hook renames a new file over the message: a kill mid-write leaves the typed message whole")
    func commitMessageNeverTruncated() throws {
        let repo = try evidenceRepo()
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "Packs/Demo/Scripts/Hello/Hello.py"])
        try passStandInChecks(repo)
        let messagePath = repo.path + "/.git/COMMIT_EDITMSG"
        let typed = "A carefully typed message\n\nwith a body.\n"
        try repo.write(".git/COMMIT_EDITMSG", typed)
        let inodeBefore = try #require(FileManager.default.attributesOfItem(atPath: messagePath)[.systemFileNumber] as? UInt64)
        let run = try flowIn(repo, ["hook", "commit-msg", ".git/COMMIT_EDITMSG"])
        #expect(run.status == 0, "\(run.stderr)")
        let rewritten = try #require(repo.read(".git/COMMIT_EDITMSG"))
        #expect(rewritten.hasPrefix(typed.trimmingCharacters(in: .newlines)) && rewritten.contains("Flow-Evidence: pack=Demo"))
        // A new file renamed over the old one: the old content stays whole until the rename.
        let inodeAfter = try #require(FileManager.default.attributesOfItem(atPath: messagePath)[.systemFileNumber] as? UInt64)
        #expect(inodeAfter != inodeBefore, "the message file was rewritten in place (truncated, then written)")
        // SIGKILL at random points: the file is always the typed message or the one with the trailer.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<30 {
            try repo.write(".git/COMMIT_EDITMSG", typed)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FlowBinary.path)
            process.arguments = ["hook", "commit-msg", ".git/COMMIT_EDITMSG"]
            process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try ProcessLaunch.run(process)
            usleep(UInt32.random(in: 0...8_000, using: &generator))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            #expect([typed, rewritten].contains(repo.read(".git/COMMIT_EDITMSG") ?? ""))
        }
    }

    @Test("Ctrl-C during flow next: the tool's process group is stopped with flow, nothing is recorded")
    func interruptedCheckStopsTheToolAndRecordsNothing() throws {
        let repo = try evidenceRepo()
        let pidFile = repo.base + "/tool.pgid"
        let late = repo.base + "/written-after-flow"
        // A slow test tool that ignores SIGINT (so flow must kill it) and has a child of its own
        // in its group; left running, it writes a file after flow is gone.
        let tool = """
            import os, signal, subprocess, sys, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            child = subprocess.Popen(["sleep", "30"])
            open(sys.argv[1], "w").write(str(os.getpgrp()))
            time.sleep(4)
            open(sys.argv[2], "w").write("late")
            """
        try repo.write("slow_tool.py", tool)
        try repo.write(
            "slow.yml",
            """
            schema: 1
            id: slow
            title: A slow check
            phases:
              - id: develop
                title: Develop
              - id: test
                title: Test
                action:
                  check: test
                  run: [python3, "{root}/slow_tool.py", "\(pidFile)", "\(late)"]
                  timeout: 60
                gates:
                  - id: evidence.passed
                    with: {checks: [test]}

            """)
        try repo.write(".flow/config.yml", "workflow: \(repo.path)/slow.yml\npacks: [Demo]\n")
        #expect(try flowIn(repo, ["next"]).status == 0)  // develop -> test
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FlowBinary.path)
        process.arguments = ["next"]
        process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try ProcessLaunch.run(process)
        var waited = 0
        while !FileManager.default.fileExists(atPath: pidFile) && waited < 300 {
            usleep(100_000)
            waited += 1
        }
        usleep(200_000)  // the file is written, then closed
        let written = FileManager.default.contents(atPath: pidFile).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let group = try #require(Int32(written), "the tool never started")
        #expect(group != getpgrp())
        let signals =
            (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8))?
            .split(separator: "\n").filter { $0.hasPrefix("Sig") }.joined(separator: " ") ?? ""
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let said = String(decoding: ProcessLaunch.readAll(err.fileHandleForReading), as: UTF8.self)
        try? err.fileHandleForReading.close()
        #expect(process.terminationStatus == 128 + SIGINT, "\(said) \(signals)")
        #expect(said.contains("interrupted: python3 killed after 2 s; nothing was recorded"), "\(said)")
        #expect(!Interruption.groupAlive(group), "the tool's process group outlived flow")
        sleep(5)
        #expect(!FileManager.default.fileExists(atPath: late), "the tool wrote a file after flow was gone")
        let evidence = try StateStore(gitCommonDirectory: repo.path + "/.git").loadEvidence()
        #expect(evidence.records.isEmpty, "\(evidence.records)")
        #expect(try flowIn(repo, ["status"]).stdout.contains("phase test"))
    }

    @Test("two linked worktrees check and commit the same pack at once: neither leaves the other stuck")
    func parallelWorktreesDoNotInterfere() throws {
        let repo = try evidenceRepo(branch: nil)
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let other = repo.base + "/other"
        try repo.git(["worktree", "add", "-q", "-b", "feature/b", other])
        try repo.git(["checkout", "-q", "-b", "feature/a"])
        let trees = [repo.path, other]
        for (dir, word) in zip(trees, ["a", "b"]) {
            try Data("def hello():\n    return '\(word)'\n".utf8)
                .write(to: URL(fileURLWithPath: dir + "/Packs/Demo/Scripts/Hello/Hello.py"))
        }
        // Step by step, both worktrees at once: develop -> test -> lint -> validate -> commit.
        for step in 0..<4 {
            var runs = [FlowRun?](repeating: nil, count: 2)
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let run = try? FlowBinary.run(["next"], in: trees[i])
                lock.lock()
                runs[i] = run
                lock.unlock()
            }
            for (i, run) in runs.enumerated() {
                #expect(run?.status == 0, "step \(step) in \(trees[i]): \(run?.stdout ?? "")\(run?.stderr ?? "")")
            }
        }
        var commits = [CommandResult?](repeating: nil, count: 2)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let add = ProcessRunner().run(
                ["git", "add", "Packs/Demo/Scripts/Hello/Hello.py"], in: trees[i], environment: [:],
                timeoutSeconds: 60)
            let commit =
                add.succeeded
                ? ProcessRunner().run(
                    ["git", "commit", "-q", "-m", "hello \(i)"], in: trees[i],
                    environment: ["GIT_CONFIG_NOSYSTEM": "1"], timeoutSeconds: 120) : add
            lock.lock()
            commits[i] = commit
            lock.unlock()
        }
        for (i, commit) in commits.enumerated() {
            #expect(commit?.succeeded == true, "commit in \(trees[i]): \(commit?.output ?? "")")
        }
        let state = try StateStore(gitCommonDirectory: repo.path + "/.git").loadState()
        #expect(state.branches["feature/a"]?.phase == "commit" && state.branches["feature/b"]?.phase == "commit", "\(state.branches)")
    }

    @Test("no secret from the environment reaches state, config, logs or output")
    func secretsStayOut() throws {
        let secret = "flow-planted-secret-7f3a9c"
        let env = ["DEMISTO_API_KEY": secret, "XSIAM_AUTH_ID": secret, "DEMISTO_BASE_URL": "http://127.0.0.1:9"]
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        var outputs: [String] = []
        for args in [
            CLITests.initArgs, ["status", "--json"], ["next"], ["check", "--json"], ["phases", "--json"],
            ["doctor", "--json"], ["status", "--bogus"],
        ] {
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
