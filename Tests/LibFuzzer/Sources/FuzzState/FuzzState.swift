import LibFuzzerDriver
import FlowCore
@testable import FlowKit
import Foundation

/// One store in a temporary git directory for the whole run: each input is written as both
/// state.json and evidence.json and read back as flow reads them.
let store: StateStore = {
    let dir = NSTemporaryDirectory() + "flow-libfuzzer-" + UUID().uuidString
    let store = StateStore(gitCommonDirectory: dir)
    try? FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
    return store
}()

@_cdecl("FuzzState_main")
public func fuzzStateMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzState(data, size) }
}

func fuzzState(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { [UInt8](UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: store.statePath))
        try Data(bytes).write(to: URL(fileURLWithPath: store.evidencePath))
    } catch {
        fatalError("cannot write the fuzz input: \(error)")
    }
    for load in [{ _ = try store.loadState() }, { _ = try store.loadEvidence() }] {
        do {
            try load()
        } catch let error as FlowError {
            if error.status != .invalidInput || !error.message.contains(store.directory) {
                fatalError("an error that is not exit 2 naming the file: \(error.message)")
            }
        } catch {
            fatalError("an error flow does not report: \(error)")
        }
    }
    // The pre-commit hook's direct reader answers only where JSONDecoder answers the same.
    if let direct = EvidenceJSON.parse(bytes) {
        let decoder = JSONDecoder()
        decoder.userInfo[StateStore.Versioned<EvidenceLedger>.currentKey] = Int.max
        guard let decoded = try? decoder.decode(StateStore.Versioned<EvidenceLedger>.self, from: Data(bytes)).value else {
            fatalError("the direct evidence reader accepted what JSONDecoder refuses")
        }
        if decoded != direct {
            fatalError("the direct evidence reader and JSONDecoder disagree")
        }
    }
    return 0
}
