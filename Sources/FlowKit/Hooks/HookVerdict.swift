/// What a hook decided: allowed, or refused with the reasons and the commands that fix them.
public struct HookVerdict: Equatable, Sendable {
    public var refusals: [(reason: String, fix: String)] = []
    public var notes: [String] = []
    public var allowed: Bool { refusals.isEmpty }

    public static func == (a: HookVerdict, b: HookVerdict) -> Bool {
        a.notes == b.notes && a.refusals.map(\.reason) == b.refusals.map(\.reason) && a.refusals.map(\.fix) == b.refusals.map(\.fix)
    }

    mutating func refuse(_ reason: String, fix: String) { refusals.append((reason, fix)) }

    /// The text for stderr.
    public func render(hook: String) -> String {
        var lines = notes.map { "flow \(hook): \($0)" }
        if !allowed {
            lines.append("flow \(hook): refused")
            // Several reasons often share one fix (three stale checks): say each fix once, after its reasons.
            for (index, refusal) in refusals.enumerated() {
                lines.append("  - \(refusal.reason)")
                if index + 1 == refusals.count || refusals[index + 1].fix != refusal.fix {
                    lines.append("    fix: \(refusal.fix)")
                }
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
