extension GateReport {
    /// For checks that are not registered gates (release verification adds its own lines).
    public init(check: String, pack: String?, passed: Bool, reasons: [String], fix: String?, detail: String?) {
        self.init(gate: check, pack: pack, passed: passed, reasons: reasons, fix: fix, detail: detail)
    }
}

extension PhaseReport {
    /// For commands that show a list of checks the way `flow check` shows a phase.
    public init(checks: [GateReport], phase: String, title: String) {
        self.init(phase: phase, title: title, gates: checks)
    }
}
