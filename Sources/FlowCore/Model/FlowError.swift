import FlowGitTypes

/// The exit codes of DESIGN.md, one meaning each, everywhere.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// A gate or a verification failed.
    case blocked = 1
    /// Malformed workflow, config, state or metadata; not a repository; bad argument values.
    case invalidInput = 2
    /// An external tool is missing or could not start.
    case toolMissing = 3
    /// The argument parser refused the command line.
    case usage = 64
}

/// An error that ends a command: says what went wrong and what to do next, and carries its exit code.
public struct FlowError: Error, CustomStringConvertible, Sendable, Equatable {
    public let status: ExitStatus
    public let message: String
    public let hint: String?

    public init(_ status: ExitStatus, _ message: String, hint: String? = nil) {
        self.status = status
        self.message = message
        self.hint = hint
    }

    public static func invalid(_ message: String, hint: String? = nil) -> FlowError {
        FlowError(.invalidInput, message, hint: hint)
    }

    /// The one mapping of a git failure to flow's exit codes: the repository could not be read as
    /// asked, which is invalid input (2) whatever libgit2's code; `doing` says what flow was at.
    public init(_ error: GitError, doing: String? = nil) {
        let message = doing.map { "\($0): \(error.message)" } ?? error.message
        switch error.kind {
        case .notARepository:
            self.init(.invalidInput, message, hint: "run flow inside a git work tree (git init, or cd into your clone)")
        case .bareRepository:
            self.init(.invalidInput, message, hint: "clone the repository and run flow in the clone")
        case .unbornBranch:
            self.init(.invalidInput, message, hint: "make a first commit (git commit), then retry")
        case .notFound, .other:
            self.init(.invalidInput, message, hint: "run `flow doctor`, then fix what git reports and retry")
        }
    }

    /// Any error a command ends with, as a FlowError: flow's own as they are, git's mapped above.
    public static func from(_ error: Error) -> FlowError? {
        if let error = error as? FlowError { return error }
        if let error = error as? GitError { return FlowError(error) }
        return nil
    }

    public var description: String {
        hint.map { "\(message)\n  fix: \($0)" } ?? message
    }
}

/// A place in a file, for messages of the form `file:line:column: problem`.
public struct SourceLocation: Equatable, Sendable, Codable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
