/// A per-pack exception to one content gate, with its reason, in `.flow/config.yml`:
///
///     exceptions:
///       - pack: AcmeLegacy
///         gate: docs.readme-tables
///         reason: the vendor's portal generates this README; tracked in ACME-12
///
/// The gate still runs; what it finds in that pack is listed with the reason instead of refused.
/// Only content gates (`pack.*`, `docs.*`) take one: evidence and git gates never do. A change to
/// the list is a change of the configuration, which `flow verify` names as a policy change.
public struct GateException: Codable, Equatable, Sendable {
    public let pack: String
    public let gate: String
    public let reason: String

    public init(pack: String, gate: String, reason: String) {
        self.pack = pack
        self.gate = gate
        self.reason = reason
    }

    /// What is wrong with this entry under `config`, or nil.
    public func problem(in config: ProjectConfig) -> String? {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "needs a `reason:` saying why \(gate) does not apply" }
        if GateRegistry.gate(gate)?.takesDebt == false { return "nothing may excuse \(gate): what it finds would ship unjudged" }
        if !Baseline.covers(gate) { return "\(gate) is not a content gate (pack.* or docs.*): only those take an exception" }
        if !config.packs.contains(pack) { return "\(pack) is not a configured pack (packs: \(config.packs.joined(separator: ", ")))" }
        return nil
    }
}
