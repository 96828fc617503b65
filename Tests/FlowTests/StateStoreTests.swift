import FlowCore
import FlowKit
import Foundation
import Testing
import Yams

@Suite("State store and State/ documents")
struct StateStoreTests {
    func temporaryStore() throws -> (StateStore, String) {
        let dir = NSTemporaryDirectory() + "flow-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (StateStore(gitCommonDirectory: dir), dir)
    }

    func encoded<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try StateStore.encode(value), as: UTF8.self)
    }

    func example(_ name: String) throws -> String {
        try String(contentsOfFile: SourceTree.root + "/State/examples/" + name, encoding: .utf8)
    }

    @Test func stateExampleRoundTrips() throws {
        let text = try example("state.json")
        let state = try JSONDecoder().decode(FlowState.self, from: Data(text.utf8))
        #expect(state.branches["feature/login"]?.phase == "docs")
        #expect(try encoded(state) == text.trimmingCharacters(in: .newlines))
    }

    @Test func evidenceExampleRoundTrips() throws {
        let text = try example("evidence.json")
        let ledger = try JSONDecoder().decode(EvidenceLedger.self, from: Data(text.utf8))
        #expect(ledger.records.count == 2)
        #expect(ledger.record(check: "test", pack: "Demo", tree: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")?.passed == true)
        #expect(try encoded(ledger) == text.trimmingCharacters(in: .newlines))
    }

    @Test func configExampleRoundTrips() throws {
        let text = try example("config.yml")
        let config = try YAMLDecoder().decode(ProjectConfig.self, from: text)
        #expect(config.packs == ["Demo"])
        #expect(try YAMLEncoder().encode(config) == text)
    }

    @Test func schemasNameEveryField() throws {
        // The schema documents must list exactly the fields the Swift models write.
        for (schema, sample) in [("state.schema.json", "state.json"), ("evidence.schema.json", "evidence.json")] {
            let schemaText = try String(contentsOfFile: SourceTree.root + "/State/" + schema, encoding: .utf8)
            let object = try JSONSerialization.jsonObject(with: Data(try example(sample).utf8)) as? [String: Any]
            for key in object?.keys ?? [:].keys {
                #expect(schemaText.contains("\"\(key)\""), "\(schema) does not describe \(key)")
            }
        }
    }

    @Test func writesAreAtomicAndReadBack() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try store.loadState() == FlowState())
        let written = try store.updateState { $0.branches["main"] = BranchState(workflow: "w", phase: "p", updatedAt: "t") }
        #expect(try store.loadState() == written)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.directory).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func corruptedFileIsAnErrorNamingTheFileNotAReset() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: store.statePath))
        let error = #expect(throws: FlowError.self) { try store.loadState() }
        #expect(error?.status == .invalidInput)
        #expect(error?.message.contains(store.statePath) == true)
        #expect(error?.hint?.contains("mv \(store.statePath)") == true)
        // Nothing was overwritten.
        #expect(String(decoding: FileManager.default.contents(atPath: store.statePath) ?? Data(), as: UTF8.self) == "{ not json")
        #expect(throws: FlowError.self) { _ = try store.updateState { _ in } }
    }

    @Test func newerSchemaIsRefused() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        try Data(#"{"schemaVersion": 9, "records": [], "somethingNew": true}"#.utf8).write(to: URL(fileURLWithPath: store.evidencePath))
        let error = #expect(throws: FlowError.self) { try store.loadEvidence() }
        #expect(error?.message.contains("schema version 9, newer than this flow understands (1)") == true)
    }

    @Test func evidenceLedgerStaysBounded() {
        var ledger = EvidenceLedger()
        for i in 0..<30 {
            ledger.add(
                EvidenceRecord(
                    check: "test", pack: "A", tree: String(format: "%040d", i), passed: true,
                    tool: "pytest", recordedAt: "t"))
        }
        ledger.add(EvidenceRecord(check: "lint", pack: "A", tree: "x", passed: true, tool: "ruff", recordedAt: "t"))
        #expect(ledger.records.filter { $0.check == "test" }.count == 20)
        #expect(ledger.latest(check: "test", pack: "A")?.tree == String(format: "%040d", 29))
        #expect(ledger.latest(check: "lint", pack: "A") != nil)
    }
}
