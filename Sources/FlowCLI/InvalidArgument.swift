import ArgumentParser
import FlowCore
import Foundation

/// An argument that parsed but whose value flow cannot use (a pack name, a survey answer, one of
/// a fixed set of choices): said as flow says every error, with its fix, and exit 2 (invalid
/// input). Every command's `validate()` refuses a value through this one place; what the argument
/// parser itself refuses (an unknown option, a missing argument) stays its usage error, 64.
enum InvalidArgument {
    static func refuse(_ problems: [String], fix: String? = nil) -> ExitCode {
        var text = problems.map { "flow: error: \($0)\n" }.joined()
        if let fix { text += "  fix: \(fix)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        return ExitCode(ExitStatus.invalidInput.rawValue)
    }

    static func refuse(_ problem: String, fix: String? = nil) -> ExitCode { refuse([problem], fix: fix) }
}
