import FlowCore
import Foundation
import FuzzSupport

@testable import FlowKit

/// One store in a temporary git directory for the whole run: each input is written as both
/// state.json and evidence.json and read back as flow reads them.
let store = StateStore(gitCommonDirectory: scratchDirectory(creating: "flow"))

@_cdecl("FuzzState_main")
public func fuzzStateMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzState(inputBytes(data, size)) }
}

func fuzzState(_ bytes: [UInt8]) -> Int32 {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: store.statePath))
        try Data(bytes).write(to: URL(fileURLWithPath: store.evidencePath))
    } catch {
        fatalError("cannot write the fuzz input: \(error)")
    }
    expectValueOrExit2(naming: store.statePath) { _ = try store.loadState() }
    expectValueOrExit2(naming: store.evidencePath) { _ = try store.loadEvidence() }
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
