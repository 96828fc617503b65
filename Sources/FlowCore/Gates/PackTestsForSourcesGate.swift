import Foundation

/// `pack.tests-for-sources`: every Integrations/X/X.py and Scripts/X/X.py has an X_test.py beside it.
public enum PackTestsForSourcesGate: Gate {
    public static let id = "pack.tests-for-sources"
    public static let summary = "every integration and script .py has a _test.py"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S68", "every `Integrations/X/X.py` and `Scripts/X/X.py` has `X_test.py`",
            shownBy: ["integration without test", "script without test"]),
        RuleClaim("S15", "every integration and script has its test file", shownBy: ["integration without test", "script without test"]),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        var missing: [String] = []
        var checked = 0
        for component in context.components() where context.files.exists("\(component.path)/\(component.name).py") {
            checked += 1
            let test = "\(component.path)/\(component.name)_test.py"
            if !context.files.exists(test) { missing.append(test) }
        }
        if missing.isEmpty { return .pass("\(checked) source file(s) with tests") }
        return .fail(
            reasons: missing.map {
                "pack \(pack): \($0) is missing (unit tests for \(($0 as NSString).lastPathComponent.replacingOccurrences(of: "_test.py", with: ".py")))"
            },
            fix: "write \(missing[0]) with a pytest test for each function")
    }

    static let integration = "Integrations/Hello/Hello"

    public static let examples: [GateExample] = [
        .passing(
            "integration with test", pack: "Demo",
            initialCommit + [
                PackExample.file("\(integration).py", "x = 1\n"),
                PackExample.file("\(integration)_test.py", "def test(): pass\n"),
            ]),
        .failing(
            "integration without test", pack: "Demo", reason: "Packs/Demo/Integrations/Hello/Hello_test.py is missing",
            initialCommit + [PackExample.file("\(integration).py", "x = 1\n")]),
        .failing(
            "script without test", pack: "Demo", reason: "Packs/Demo/Scripts/Tool/Tool_test.py is missing",
            initialCommit + [PackExample.file("Scripts/Tool/Tool.py", "x = 1\n")]),
        .passing("no sources yet", pack: "Demo", initialCommit),
    ]
}
