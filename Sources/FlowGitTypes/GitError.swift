/// A libgit2 failure in plain words. `message` says what was being done and what went wrong.
public struct GitError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        case notARepository
        case notFound
        case unbornBranch
        case bareRepository
        case other
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
