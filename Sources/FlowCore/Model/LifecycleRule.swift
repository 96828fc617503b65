/// A rule of the XSOAR lifecycle as a user reads it: its stable id and where it is written down.
/// docs/xsoar-lifecycle.md has one anchor per id (`<a id="s19"></a>`) in its rules table, with the
/// rule's words and its source document; messages name rules only through `cite`.
public enum LifecycleRule {
    /// The user document that lists every rule, relative to flow's repository.
    public static let document = "docs/xsoar-lifecycle.md"

    /// `S19 (docs/xsoar-lifecycle.md#s19)`: the id and the link to its row.
    public static func cite(_ id: String) -> String {
        "\(id) (\(document)#\(id.lowercased()))"
    }
}
