/// `pack.code-conventions`: the lifecycle's code rules (T9, S63, S65) that ruff cannot express: no `time.sleep`
/// outside a long-running loop, results through `return_results()` (never `demisto.results()`),
/// errors reported through `return_error()` in main(). (`print()` is
/// ruff's T20, in flow's shipped lint configuration.)
public enum PackCodeConventionsGate: Gate {
    public static let id = "pack.code-conventions"
    public static let summary =
        "no time.sleep outside a long-running loop; results through return_results, not demisto.results(); main() reports errors with return_error()"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "T9",
            "no `time.sleep` outside a loop of the long-running-execution path (ruff's TID251 would ban it there too, so flow checks it itself)",
            shownBy: ["sleep in a command", "sleep through an aliased import"]),
        RuleClaim(
            "S63", "no `demisto.results()`; `return_outputs` is still accepted (demisto-sdk's own script template uses it)",
            shownBy: ["demisto.results"]),
        RuleClaim("S65", "`main()` calls `return_error()` in an except block", shownBy: ["main without return_error"]),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        var problems: [String] = []
        var found: Set<String> = []  // which rules the findings break: the fix says what to do for each
        for unit in units {
            guard let code = unit.code else { continue }
            let py = unit.unit.codePath
            let longRunning =
                unit.yaml.longRunning
                ? code.reachable(from: code.dispatched("long-running-execution").flatMap(\.calls)) : []
            for sleep in code.sleeps where !(sleep.inLoop == true && longRunning.contains(sleep.function)) {
                found.insert("sleep")
                problems.append(
                    "\(py):\(sleep.line): time.sleep in \(sleep.function)() outside a long-running loop (\(LifecycleRule.cite("T9")): avoid sleep() at all costs)"
                )
            }
            for site in code.legacyResults {
                found.insert("results")
                problems.append(
                    "\(py):\(site.line): demisto.results() in \(site.function)() (\(LifecycleRule.cite("S63")): use CommandResults with return_results())"
                )
            }
            if code.functions.contains(where: { $0.name == "main" }) && !code.returnErrorInMain {
                let line = code.functions.first { $0.name == "main" }?.line ?? 1
                found.insert("return_error")
                problems.append(
                    "\(py):\(line): main() does not report errors with return_error() in an except block (\(LifecycleRule.cite("S65")): return_error() in main)"
                )
            }
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix: [
                ("sleep", "remove time.sleep (let XSOAR schedule the next run) or move it into the long-running loop"),
                ("results", "return a CommandResults with return_results() instead of calling demisto.results()"),
                ("return_error", "wrap main()'s body in try/except Exception as e: return_error(str(e))"),
            ]
            .filter { found.contains($0.0) }.map(\.1).joined(separator: "; "))
    }

    static let yaml = ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])]))
    static let handler =
        "import time\n\n\ndef demo_say_command(client, args):\n    return CommandResults(readable_output=args.get('name'))\n\n\n"

    public static let examples: [GateExample] = [
        .passing("conventional", pack: "Demo", initialCommit + [yaml, ContentExample.code(handler + ContentExample.main(["demo-say"]))]),
        .passing(
            "sleep in the long-running loop", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])], script: "  longRunning: true\n")),
                ContentExample.code(
                    handler + "def long_running_loop():\n    while True:\n        time.sleep(5)\n\n\n"
                        + ContentExample.main(
                            ["demo-say"], extra: "        elif command == 'long-running-execution':\n            long_running_loop()\n")),
            ]),
        .failing(
            "sleep in a command", pack: "Demo", reason: "Demo.py:5: time.sleep in demo_say_command() outside a long-running loop",
            initialCommit + [
                yaml,
                ContentExample.code(
                    handler.replacingOccurrences(of: "    return CommandResults", with: "    time.sleep(1)\n    return CommandResults")
                        + ContentExample.main(["demo-say"])),
            ]),
        // The same sleep through an alias (`import time as t`, `from time import sleep as pause`).
        .failing(
            "sleep through an aliased import", pack: "Demo",
            reason: "Demo.py:6: time.sleep in demo_say_command() outside a long-running loop",
            initialCommit + [
                yaml,
                ContentExample.code(
                    handler.replacingOccurrences(of: "import time\n", with: "import time as t\nfrom time import sleep as pause\n")
                        .replacingOccurrences(
                            of: "    return CommandResults", with: "    t.sleep(1)\n    pause(1)\n    return CommandResults")
                        + ContentExample.main(["demo-say"])),
            ]),
        .failing(
            "demisto.results", pack: "Demo",
            reason:
                "Demo.py:5: demisto.results() in demo_say_command() (S63 (docs/xsoar-lifecycle.md#s63): use CommandResults with return_results())",
            initialCommit + [
                yaml,
                ContentExample.code(
                    handler.replacingOccurrences(
                        of: "    return CommandResults", with: "    demisto.results('hi')\n    return CommandResults")
                        + ContentExample.main(["demo-say"])),
            ]),
        .failing(
            "main without return_error", pack: "Demo", reason: "main() does not report errors with return_error()",
            initialCommit + [
                yaml,
                ContentExample.code(
                    handler + ContentExample.main(["demo-say"]).replacingOccurrences(of: "return_error(str(e))", with: "raise")),
            ]),
    ]
}
