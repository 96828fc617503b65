/// A tag, with the commit it finally points at.
public struct Tag: Equatable, Sendable {
    public let name: String
    /// True for an annotated tag (a tag object); false for a lightweight tag (a bare ref).
    public let annotated: Bool
    /// The commit the tag peels to; nil when it points at a tree or blob.
    public let commit: String?
    public let message: String?

    public init(name: String, annotated: Bool, commit: String?, message: String?) {
        self.name = name
        self.annotated = annotated
        self.commit = commit
        self.message = message
    }
}
