import FlowCore
import Foundation
import LibFuzzerDriver

/// What every target's `<Module>_main` does (SwiftPM renames each executable's main to that):
/// hand control to libFuzzer's driver, which calls `check` with each input. A crash, a trap or a
/// `fatalError` in `check` is a finding, saved by libFuzzer with the input that caused it.
public func runLibFuzzer(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ check: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, check)
}

/// libFuzzer's input as bytes (it may pass no pointer for an empty input).
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    data.map { [UInt8](UnsafeBufferPointer(start: $0, count: size)) } ?? []
}

/// A new temporary directory for the whole run, with `subdirectory` made inside it.
public func scratchDirectory(creating subdirectory: String) -> String {
    let dir = NSTemporaryDirectory() + "flow-libfuzzer-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir + "/" + subdirectory, withIntermediateDirectories: true)
    return dir
}

/// How flow must read a damaged file: a value, or exit 2 with a message naming `file`.
public func expectValueOrExit2(naming file: String, _ read: () throws -> Void) {
    do {
        try read()
    } catch let error as FlowError {
        if error.status != .invalidInput || !error.message.contains(file) {
            fatalError("an error that is not exit 2 naming the file: \(error.message)")
        }
    } catch {
        fatalError("an error flow does not report: \(error)")
    }
}
