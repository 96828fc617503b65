import FlowCore
import Foundation

public struct TerminalPrompter: SurveyPrompter {
    public init() {}

    public func ask(_ question: SurveyQuestion, default value: String?) -> String? {
        var prompt = question.prompt
        if !question.choices.isEmpty {
            say(question.prompt + ":")
            for (i, choice) in question.choices.enumerated() { say("  \(i + 1)) \(choice)") }
            prompt = "Choose 1-\(question.choices.count)"
        }
        if let value { prompt += " [\(value)]" }
        FileHandle.standardError.write(Data("\(prompt): ".utf8))
        guard let line = readLine()?.trimmingCharacters(in: .whitespaces) else { return nil }
        if line.isEmpty { return value }
        if !question.choices.isEmpty, let n = Int(line), n >= 1, n <= question.choices.count { return question.choices[n - 1] }
        return line
    }

    public func say(_ text: String) { FileHandle.standardError.write(Data("\(text)\n".utf8)) }
}
