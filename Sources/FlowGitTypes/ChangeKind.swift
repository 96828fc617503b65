public enum ChangeKind: String, Sendable, Codable {
    case added, modified, deleted, renamed, copied, typeChanged = "type-changed"
}
