import FlowKit
import Foundation
import Testing

@Suite("files compiled into flow: the shipped workflows, their schema, the validation configuration")
struct EmbeddedFilesTests {
    @Test("each embedded file equals its file in the source tree, byte for byte")
    func embeddedEqualsSource() throws {
        #expect(
            EmbeddedFiles.all.keys.sorted() == [
                "Resources/checkers/xsoar_ast_check.py", "Resources/lint/ruff.toml",
                "Resources/validation/validation_config.toml",
                "Workflows/minimal.yml", "Workflows/workflow.schema.json",
                "Workflows/xsoar-local.yml", "Workflows/xsoar-marketplace.yml",
            ])
        for (path, bytes) in EmbeddedFiles.all {
            let source = try #require(FileManager.default.contents(atPath: SourceTree.root + "/" + path), "\(path)")
            #expect(bytes == [UInt8](source), "\(path): the embedded copy differs from the file (rebuild)")
        }
    }

    @Test("no file of an embedded folder is left out (Package.swift lists each)")
    func everyFileOfAFolderIsEmbedded() throws {
        for folder in EmbeddedFiles.folders {
            let files = try FileManager.default.contentsOfDirectory(atPath: SourceTree.root + "/" + folder.path)
                .filter { !$0.hasSuffix(".swift") && !$0.hasPrefix(".") }
            #expect(Set(files) == Set(folder.files.keys), "\(folder.path): add the missing files to Package.swift")
        }
    }

    @Test("flow workflow show NAME prints the shipped workflow exactly; an unknown name is exit 2 listing them")
    func workflowShow() throws {
        let repo = try TempRepo()
        for name in ["minimal", "xsoar-local", "xsoar-marketplace"] {
            let run = try FlowBinary.run(["workflow", "show", name], in: repo.path, environment: ["FLOW_WORKFLOWS_DIR": ""])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(Data(run.stdout.utf8) == FileManager.default.contents(atPath: SourceTree.root + "/Workflows/\(name).yml"))
        }
        // Shown, saved and linted, it is a workflow of one's own.
        let shown = try FlowBinary.run(["workflow", "show", "xsoar-local"], in: repo.path)
        try repo.write("mine.yml", shown.stdout)
        #expect(try FlowBinary.run(["workflow", "lint", "mine.yml"], in: repo.path).status == 0)

        let unknown = try FlowBinary.run(["workflow", "show", "nosuch"], in: repo.path, environment: ["FLOW_WORKFLOWS_DIR": ""])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no shipped workflow named nosuch"))
        #expect(unknown.stderr.contains("minimal, xsoar-local, xsoar-marketplace"), "\(unknown.stderr)")
        #expect(unknown.stdout.isEmpty)
    }

    @Test("FLOW_WORKFLOWS_DIR, for development, reads the shipped workflows from a directory instead")
    func developmentOverride() throws {
        let repo = try TempRepo()
        let dir = repo.base + "/workflows"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("schema: 1\nid: minimal\nphases:\n  - id: edited\n".utf8).write(to: URL(fileURLWithPath: dir + "/minimal.yml"))
        let run = try FlowBinary.run(["workflow", "show", "minimal"], in: repo.path, environment: ["FLOW_WORKFLOWS_DIR": dir])
        #expect(run.stdout.contains("id: edited"))
        let missing = try FlowBinary.run(["workflow", "show", "xsoar-local"], in: repo.path, environment: ["FLOW_WORKFLOWS_DIR": dir])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("FLOW_WORKFLOWS_DIR=\(dir)"), "\(missing.stderr)")
    }
}
