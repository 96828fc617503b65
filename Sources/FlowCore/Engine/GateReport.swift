/// What one gate said about the repository (or one pack), in the form `status` and `--json` show.
public struct GateReport: Codable, Equatable, Sendable {
    public let gate: String
    public let pack: String?
    public let passed: Bool
    public let reasons: [String]
    public let fix: String?
    public let detail: String?
}
