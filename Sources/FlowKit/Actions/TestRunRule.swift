import Foundation

/// The one rule that decides whether a pack's pytest runs are a pass, asked by `flow next`
/// (ActionRunner, which records the evidence) and by `flow verify checks` (which runs the same
/// ActionRunner), so the desk and CI reach one verdict on one tree: a pack with Python sources
/// whose runs together passed no test (pytest exit 5, "no tests collected"; every test skipped,
/// deselected or xfailed) fails; skipped tests are counted in the message.
public struct TestRunRule: Equatable, Sendable {
    /// The counts of pytest's summary lines, summed over the runs.
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var deselected = 0
    public var xfailed = 0
    /// Runs that exited 5 (pytest collected nothing).
    public var collectedNothing = 0
    public var runs = 0

    public init() {}

    /// Adds one pytest run (its exit code and output).
    public mutating func add(exitCode: Int32, output: String) {
        runs += 1
        if exitCode == 5 { collectedNothing += 1 }
        guard let summary = Self.summaryLine(output) else { return }
        for (count, word) in Self.counts(summary) {
            switch word {
            case "passed": passed += count
            case "failed": failed += count
            case "skipped": skipped += count
            case "deselected": deselected += count
            case "xfailed": xfailed += count
            default: break
            }
        }
    }

    /// pytest's last summary line (`== 3 passed, 1 skipped in 0.12s ==`, or `-q`'s bare form).
    static func summaryLine(_ output: String) -> Substring? {
        output.split(separator: "\n").last { line in
            line.contains(" in ")
                && ["passed", "failed", "skipped", "deselected", "xfailed", "no tests ran", "error"].contains { line.contains($0) }
        }
    }

    /// `3 passed, 1 skipped` → [(3, "passed"), (1, "skipped")].
    static func counts(_ summary: Substring) -> [(Int, String)] {
        let words = summary.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "=" })
        var result: [(Int, String)] = []
        for (index, word) in words.enumerated() where index + 1 < words.count {
            if let count = Int(word) { result.append((count, String(words[index + 1]))) }
        }
        return result
    }

    /// What the runs amount to, for the evidence message: `3 passed, 1 skipped`.
    public var tally: String {
        var parts = ["\(passed) passed"]
        if failed > 0 { parts.append("\(failed) failed") }
        if skipped > 0 { parts.append("\(skipped) skipped") }
        if deselected > 0 { parts.append("\(deselected) deselected") }
        if xfailed > 0 { parts.append("\(xfailed) xfailed") }
        if collectedNothing > 0 { parts.append("\(collectedNothing) of \(runs) run\(runs == 1 ? "" : "s") collected no test") }
        return parts.joined(separator: ", ")
    }

    /// Nil when the runs pass; otherwise why they fail. A pack without Python sources has nothing
    /// to test, so no test run is a pass there.
    public func problem(packDir: String, hasPythonSources: Bool) -> String? {
        // Failures reported by a run that still exited 0: something (a conftest.py) rewrote pytest's exit status.
        if runs > 0, failed > 0 {
            return "pytest reported \(failed) failed in \(packDir) (\(tally)): a failed test is not a passed one, whatever the exit status"
        }
        guard runs > 0, hasPythonSources, passed == 0 else { return nil }
        return
            "pytest ran no test in \(packDir), which has Python sources (\(tally)): a skipped or uncollected test is not a passed one; "
            + "each Integrations/X/X.py and Scripts/X/X.py needs an X_test.py beside it with a test_ function that runs"
    }

    /// Whether a pack directory (relative to `root`) holds a `.py` file.
    public static func hasPythonSources(root: String, packDir: String) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: root + "/" + packDir) else { return false }
        for case let path as String in enumerator where path.hasSuffix(".py") { return true }
        return false
    }
}
