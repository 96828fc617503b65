import FlowKit
import Foundation
import FuzzSupport

@_cdecl("FuzzWorkflow_main")
public func fuzzWorkflowMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzWorkflow(inputBytes(data, size)) }
}

func fuzzWorkflow(_ bytes: [UInt8]) -> Int32 {
    let input = Data(bytes)
    let (workflow, problems) = WorkflowLoader.lint(data: input, file: "fuzz.yml")
    if workflow == nil && problems.isEmpty {
        fatalError("the loader refused a workflow without saying why")
    }
    for problem in problems where problem.location.file != "fuzz.yml" || problem.location.line < 0 {
        fatalError("a problem without its location: \(problem)")
    }
    return 0
}
