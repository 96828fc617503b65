/// A staged change between HEAD and the index.
public struct StagedChange: Equatable, Sendable {
    public let path: String
    public let oldPath: String?
    public let kind: ChangeKind
    /// Blob id of the staged content; nil for a deletion.
    public let oid: String?
    public let mode: UInt32

    public init(path: String, oldPath: String?, kind: ChangeKind, oid: String?, mode: UInt32) {
        self.path = path
        self.oldPath = oldPath
        self.kind = kind
        self.oid = oid
        self.mode = mode
    }
}
