public struct PhaseReport: Codable, Equatable, Sendable {
    public let phase: String
    public let title: String
    public let gates: [GateReport]
    public var passed: Bool { gates.allSatisfy(\.passed) }
    public var failures: [GateReport] { gates.filter { !$0.passed } }
}
