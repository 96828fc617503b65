import FlowCore
import Foundation

/// A hand-written CommandRunning: answers by program name, records every call.
final class FakeRunner: CommandRunning {
    var answers: [String: CommandResult] = [:]
    private(set) var calls: [[String]] = []

    func run(_ argv: [String], in directory: String?, environment: [String: String], timeoutSeconds: Int) -> CommandResult {
        calls.append(argv)
        let key = argv.prefix(3).joined(separator: " ")
        if let answer = answers[key] ?? answers[argv.prefix(2).joined(separator: " ")] ?? answers[argv.first ?? ""] {
            return answer
        }
        return CommandResult(outcome: .notStarted("\(argv.first ?? "") is not installed or not on PATH"), output: "")
    }

    static func ok(_ output: String) -> CommandResult { CommandResult(outcome: .exited(0), output: output) }
}
