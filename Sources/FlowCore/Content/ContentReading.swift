/// What gates need read that FlowCore cannot parse itself: YAML (Yams) and Python (flow's `ast`
/// checker, run with python3). FlowKit's ContentReader implements it; the gates stay pure and see
/// file contents only through the context's file reader, so they answer for the index or a commit.
public protocol ContentReading {
    /// A YAML document as nodes with their line numbers; nil for an empty document.
    /// Throws `ContentError.yaml` naming the line of a syntax error.
    func yaml(_ bytes: [UInt8], path: String) throws -> YAMLNode?
    /// Facts about Python sources (paths relative to the repository root, with their bytes).
    /// The checker runs once per distinct set of sources, so the gates of one evaluation share a run.
    func python(_ sources: [(path: String, bytes: [UInt8])]) -> PythonCheck
}

public enum ContentError: Error, Equatable {
    /// `path:line: message` of a YAML syntax error.
    case yaml(path: String, line: Int, message: String)
}

/// What flow's Python checker answered.
public enum PythonCheck {
    case facts([String: PythonFileFacts])
    /// The checker could not run (python3 missing, checker not found, output unreadable).
    case unavailable(reason: String, fix: String)
}
