import FlowCore
import Foundation
import FuzzSupport
import Yams

@testable import FlowKit

/// A repository root for the whole run; each input becomes its `.flow/config.yml`.
let root = scratchDirectory(creating: ".flow")

@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzConfig(inputBytes(data, size)) }
}

func fuzzConfig(_ bytes: [UInt8]) -> Int32 {
    // As flow reads it: a configuration or an exit-2 error naming the file.
    let file = ConfigStore.path(in: root)
    guard (try? Data(bytes).write(to: URL(fileURLWithPath: file))) != nil else { fatalError("cannot write \(file)") }
    expectValueOrExit2(naming: file) { _ = try ConfigStore.load(root: root) }
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    // The pre-commit hook's flat reader answers only where Yams answers the same.
    if let flat = ConfigStore.parseFlat(text) {
        guard let yams = try? YAMLDecoder().decode(ProjectConfig.self, from: text) else {
            fatalError("the flat config reader accepted what Yams refuses")
        }
        if yams != flat {
            fatalError("the flat config reader and Yams disagree")
        }
    }
    return 0
}
