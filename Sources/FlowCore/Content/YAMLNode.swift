/// A YAML node as FlowCore sees it: scalars as text, with the 1-based line it starts on.
public struct YAMLNode: Sendable {
    public indirect enum Value: Sendable {
        case scalar(String)
        case list([YAMLNode])
        case map([(key: String, value: YAMLNode)])
    }

    public let line: Int
    public let value: Value

    public init(line: Int, _ value: Value) {
        self.line = line
        self.value = value
    }

    public subscript(key: String) -> YAMLNode? {
        if case .map(let pairs) = value { return pairs.first { $0.key == key }?.value }
        return nil
    }

    public var text: String? {
        if case .scalar(let s) = value { return s }
        return nil
    }

    public var items: [YAMLNode] {
        if case .list(let nodes) = value { return nodes }
        return []
    }

    /// YAML's true (`true`, `True`, `TRUE`; also `yes`, which older YAML readers took as true).
    public var isTrue: Bool { ["true", "True", "TRUE", "yes", "Yes"].contains(text ?? "") }
}
