/// One commit as `flow verify commits` needs it.
public struct CommitInfo: Equatable, Sendable {
    public let id: String
    public let parents: [String]
    /// The full message, trailers included.
    public let message: String
    /// The first line of the message.
    public var subject: String { message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "" }
    public var isMerge: Bool { parents.count > 1 }

    public init(id: String, parents: [String], message: String) {
        self.id = id
        self.parents = parents
        self.message = message
    }
}
