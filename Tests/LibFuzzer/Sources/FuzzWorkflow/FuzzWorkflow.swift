import LibFuzzerDriver
import FlowKit
import Foundation

/// The executable's main hands control to libFuzzer's driver, which calls `fuzzWorkflow` with
/// each input: a crash, a trap or a broken property there is a finding, saved by libFuzzer with
/// the input that caused it.
@_cdecl("FuzzWorkflow_main")
public func fuzzWorkflowMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzWorkflow(data, size) }
}

func fuzzWorkflow(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Data(bytes: $0, count: size) } ?? Data()
    let (workflow, problems) = WorkflowLoader.lint(data: input, file: "fuzz.yml")
    if workflow == nil && problems.isEmpty {
        fatalError("the loader refused a workflow without saying why")
    }
    for problem in problems where problem.location.file != "fuzz.yml" || problem.location.line < 0 {
        fatalError("a problem without its location: \(problem)")
    }
    return 0
}
