import LibFuzzerDriver
import FlowCore
@testable import FlowKit
import Foundation
import Yams

/// A repository root for the whole run; each input becomes its `.flow/config.yml`.
let root: String = {
    let dir = NSTemporaryDirectory() + "flow-libfuzzer-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir + "/.flow", withIntermediateDirectories: true)
    return dir
}()

@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzConfig(data, size) }
}

func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { [UInt8](UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // As flow reads it: a configuration or an exit-2 error naming the file.
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: ConfigStore.path(in: root)))
        _ = try ConfigStore.load(root: root)
    } catch let error as FlowError {
        if error.status != .invalidInput || !error.message.contains(ConfigStore.path(in: root)) {
            fatalError("an error that is not exit 2 naming the file: \(error.message)")
        }
    } catch {
        fatalError("an error flow does not report: \(error)")
    }
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
