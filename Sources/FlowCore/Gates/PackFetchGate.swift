/// `pack.fetch`: a fetching or long-running integration has what the lifecycle rules' Fetch
/// Integration Checklist and Long-Running Key Rules (S18-S22) ask for, in its YAML, its code and
/// its tests.
public enum PackFetchGate: Gate {
    public static let id = "pack.fetch"
    public static let summary =
        "isfetch needs incidentType/max_fetch (≤ 200)/first_fetch, demisto.incidents() once per cycle and getLastRun/setLastRun on the fetch path (no createIncidents), a fetch test; longRunning needs its handler, whose loop catches exceptions or that calls updateModuleHealth"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim("S15", "a fetching integration has a test that calls its fetch handler", shownBy: ["fetch without a test"]),
        RuleClaim(
            "S18", "`isfetch: true` needs `incidentType`, `max_fetch` (default 1..200) and `first_fetch` parameters",
            shownBy: ["isfetch without first_fetch", "max_fetch above 200"]),
        RuleClaim(
            "S19",
            "`demisto.incidents()` on the fetch-incidents path, at exactly one call site, called every cycle: not inside a `for`/`while` of its function and not under an `if` that tests the list it passes (around it, or an earlier `if not incidents: return`); the fetch path calls both `demisto.getLastRun()` and `demisto.setLastRun()`. A call from a loop in another function is not seen, and the dedup logic itself is not checkable statically",
            shownBy: [
                "fetch path without demisto.incidents", "fetch without the last run", "fetch that reads the last run but never saves it",
                "demisto.incidents only when there are incidents", "demisto.incidents after an early return on an empty list",
                "demisto.incidents per page",
            ]),
        RuleClaim(
            "S20",
            "`demisto.createIncidents()` reachable from the fetch-incidents dispatch fails; anywhere in an integration without `longRunning: true` fails",
            shownBy: ["createIncidents in fetch"]),
        RuleClaim("S21", "the checklist's fetch parameters", shownBy: ["isfetch without first_fetch"]),
        RuleClaim(
            "S22",
            "`longRunning: true` needs a `long-running-execution` dispatch; `longRunningPort` needs `longRunning`; the long-running path calls `demisto.updateModuleHealth()` or has a loop whose body catches exceptions. That the loop never returns, the sleep interval and a graceful shutdown are not checked",
            shownBy: ["long-running loop that neither catches nor reports", "longRunning without its handler"]),
        RuleClaim(
            "T6",
            "`max_fetch` defaults to at most 200 (the cap of [S18](#s18); this rule's 10-20/50 conflicts with it, so the gate takes `maxFetch` as a parameter)",
            shownBy: ["max_fetch above 200"]),
        RuleClaim("T7", "`first_fetch` required with `isfetch: true`", shownBy: ["isfetch without first_fetch"]),
    ]
    public static let parameters = [GateParameter("maxFetch", .int, "the highest max_fetch default allowed (default 200)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        let cap = params.int("maxFetch", default: 200)
        var problems: [String] = []
        var health = 0  // S22 findings: the fix says what to do for them apart
        var checked = 0
        for unit in units where unit.yaml.isIntegration {
            let yaml = unit.yaml
            let py = unit.unit.codePath, yml = unit.unit.yamlPath
            let code = unit.code
            if yaml.isFetch {
                checked += 1
                for name in ["incidentType", "max_fetch", "first_fetch"] where yaml.parameter(name) == nil {
                    problems.append(
                        "\(yml):\(yaml.scriptLine): isfetch: true but no \(name) parameter (\(LifecycleRule.cite("S18")): set isfetch: true, add incidentType, max_fetch, first_fetch)"
                    )
                }
                if let max = yaml.parameter("max_fetch"), let text = max.defaultValue {
                    if let value = Int(text.trimmingWhitespace()) {
                        if value > cap || value < 1 {
                            problems.append(
                                "\(yml):\(max.line): max_fetch defaults to \(value); \(LifecycleRule.cite("S18")) caps it at \(cap)")
                        }
                    } else {
                        problems.append("\(yml):\(max.line): max_fetch defaults to \"\(text)\", not a number")
                    }
                }
                if let code {
                    let entries = code.dispatched("fetch-incidents")
                    if entries.isEmpty {
                        problems.append("\(py): main() does not dispatch fetch-incidents although \(yml) sets isfetch: true")
                    } else {
                        let path = code.reachable(from: entries.flatMap(\.calls))
                        let inBranch = entries.contains { $0.calls.contains("incidents") }
                        let sites = code.incidents.filter {
                            $0.kind == "incidents" && (path.contains($0.function) || ($0.function == "main" && inBranch))
                        }
                        if sites.isEmpty {
                            problems.append(
                                "\(py):\(entries[0].line): the fetch-incidents path never calls demisto.incidents() (\(LifecycleRule.cite("S19")): call it exactly once per cycle, also with an empty list)"
                            )
                        } else if sites.count > 1 {
                            problems.append(
                                "\(py):\(sites[1].line): demisto.incidents() is called at \(sites.count) places on the fetch path (lines \(sites.map { String($0.line) }.joined(separator: ", "))); \(LifecycleRule.cite("S19")) calls it exactly once per cycle"
                            )
                        }
                        // S19's dedup keeps its state (last fetch time, IDs seen) in the last run.
                        let called = Set(entries.flatMap(\.calls)).union(path.flatMap { code.calls[$0] ?? [] })
                        let state = ["getLastRun", "setLastRun"].filter { !called.contains($0) }
                        if !state.isEmpty {
                            problems.append(
                                "\(py):\(entries[0].line): the fetch-incidents path never calls \(state.map { "demisto.\($0)()" }.joined(separator: " nor ")) (\(LifecycleRule.cite("S19")): deduplicate across cycles with the last run, last_run = demisto.getLastRun() before fetching and demisto.setLastRun(next_run) after)"
                            )
                        }
                        for site in sites where site.inLoop == true {
                            problems.append(
                                "\(py):\(site.line): demisto.incidents() inside a loop in \(site.function)() (\(LifecycleRule.cite("S19")): call it exactly once per cycle, after the loop, with all the cycle's incidents)"
                            )
                        }
                        for site in sites where site.inLoop != true {
                            guard let condition = site.condition else { continue }
                            problems.append(
                                "\(py):\(site.line): demisto.incidents() in \(site.function)() is skipped for some lists by the condition on line \(condition) (\(LifecycleRule.cite("S19")): call it exactly once per cycle, also with an empty list, outside that condition)"
                            )
                        }
                        for site in code.incidents where site.kind == "createIncidents" && path.contains(site.function) {
                            problems.append(
                                "\(py):\(site.line): demisto.createIncidents() in \(site.function)(), on the fetch-incidents path (\(LifecycleRule.cite("S20")): never use demisto.createIncidents() in a fetch-incidents handler)"
                            )
                        }
                        let handlers = Set(entries.flatMap(\.calls)).intersection(code.functions.map(\.name))
                        let tested = unit.tests?.tests.contains { !Set($0.calls).isDisjoint(with: handlers) } ?? false
                        if !tested && !handlers.isEmpty {
                            problems.append(
                                "\(unit.unit.testPath): no test function calls \(handlers.sorted().joined(separator: " or "))() (\(LifecycleRule.cite("S15")): fetch has unit tests for empty fetch, first fetch, dedup, pagination)"
                            )
                        }
                    }
                }
            }
            if !yaml.longRunning, let code {
                for site in code.incidents where site.kind == "createIncidents" {
                    problems.append(
                        "\(py):\(site.line): demisto.createIncidents() in an integration without longRunning: true (\(LifecycleRule.cite("S20")): only long-running integrations create incidents that way)"
                    )
                }
            }
            if yaml.longRunning {
                checked += 1
                if let code {
                    let entries = code.dispatched("long-running-execution")
                    if entries.isEmpty {
                        problems.append("\(py): \(yml) sets longRunning: true but main() does not dispatch long-running-execution")
                    } else {
                        // S22: the loop catches its exceptions, or the integration reports its health.
                        let direct = Set(entries.flatMap(\.calls))
                        let path = code.reachable(from: Array(direct))
                        let called = direct.union(path.flatMap { code.calls[$0] ?? [] })
                        let loops = code.loops.filter { path.contains($0.function) }
                            .sorted { (direct.contains($0.function) ? 0 : 1, $0.line) < (direct.contains($1.function) ? 0 : 1, $1.line) }
                        if !called.contains("updateModuleHealth") && !loops.contains(where: \.catches) {
                            health += 1
                            if let loop = loops.first {
                                problems.append(
                                    "\(py):\(loop.line): the long-running loop in \(loop.function)() neither catches exceptions in its body nor calls demisto.updateModuleHealth() (\(LifecycleRule.cite("S22")): catch exceptions inside the loop, log them with demisto.error() and report the state with demisto.updateModuleHealth())"
                                )
                            } else {
                                problems.append(
                                    "\(py):\(entries[0].line): the long-running-execution path never calls demisto.updateModuleHealth() (\(LifecycleRule.cite("S22")): report the listener's state with demisto.updateModuleHealth())"
                                )
                            }
                        }
                    }
                }
            }
            if yaml.longRunningPort && !yaml.longRunning {
                problems.append(
                    "\(yml):\(yaml.scriptLine): longRunningPort: true without longRunning: true (only a long-running listener takes a port)"
                )
            }
        }
        if problems.isEmpty { return .pass("\(layout.pack): \(checked) fetching/long-running integration(s)") }
        let checklist =
            "follow the Fetch Integration Checklist, \(LifecycleRule.cite("S18")) to S21: the three parameters in the YAML, demisto.getLastRun() and demisto.setLastRun() with one demisto.incidents() per fetch cycle, a test that calls the fetch function"
        let longRunning =
            "follow the Long-Running Key Rules, \(LifecycleRule.cite("S22")): catch exceptions inside the long-running loop and report the state with demisto.updateModuleHealth()"
        var fixes: [String] = []
        if problems.count > health { fixes.append(checklist) }
        if health > 0 { fixes.append(longRunning) }
        return .fail(reasons: problems.map { "pack \(layout.pack): \($0)" }, fix: fixes.joined(separator: "; "))
    }

    static let fetchParameters: [(String, String?)] = [("url", nil), ("incidentType", nil), ("max_fetch", "50"), ("first_fetch", "3 days")]

    static let fetchCode = """
        def fetch_incidents(client, last_run, max_fetch):
            return last_run, []


        def demo_say_command(client, args):
            return CommandResults(readable_output=args.get('name'))


        """

    static let fetchBranch =
        "        elif command == 'fetch-incidents':\n"
        + "            next_run, incidents = fetch_incidents(client, demisto.getLastRun(), params.get('max_fetch'))\n"
        + "            demisto.setLastRun(next_run)\n"
        + "            demisto.incidents(incidents)\n"

    static let longRunningBranch = "        elif command == 'long-running-execution':\n            long_running_loop(client)\n"

    static let caughtBody =
        "        try:\n            for event in client.poll():\n                demisto.createIncidents([event])\n"
        + "        except Exception as e:\n            demisto.error(str(e))\n"

    /// The function main() runs for long-running-execution: a loop around `body`.
    static func longRunningLoop(body: String) -> String {
        "def long_running_loop(client):\n    while True:\n" + body + "        time.sleep(60)\n\n\n"
    }

    static let fetchTest = "def test_fetch_empty():\n    assert fetch_incidents(None, {}, 10) == ({}, [])\n"

    static func integration(_ parameters: [(String, String?)] = fetchParameters, script: String = "  isfetch: true\n") -> RepoStep {
        ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])], parameters: parameters, script: script))
    }

    public static let examples: [GateExample] = [
        .passing(
            "fetch complete", pack: "Demo",
            initialCommit + [
                integration(), ContentExample.code(fetchCode + ContentExample.main(["demo-say"], extra: fetchBranch)),
                ContentExample.tests(fetchTest),
            ]),
        .passing(
            "no fetch", pack: "Demo",
            initialCommit + [
                integration([("url", nil)], script: ""), ContentExample.code(fetchCode + ContentExample.main(["demo-say"])),
            ]),
        .failing(
            "isfetch without first_fetch", pack: "Demo", reason: "isfetch: true but no first_fetch parameter",
            initialCommit + [
                integration(Array(fetchParameters.dropLast())),
                ContentExample.code(fetchCode + ContentExample.main(["demo-say"], extra: fetchBranch)),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "max_fetch above 200", pack: "Demo", reason: "max_fetch defaults to 500; S18 (docs/xsoar-lifecycle.md#s18) caps it at 200",
            initialCommit + [
                integration([("url", nil), ("incidentType", nil), ("max_fetch", "500"), ("first_fetch", "3 days")]),
                ContentExample.code(fetchCode + ContentExample.main(["demo-say"], extra: fetchBranch)), ContentExample.tests(fetchTest),
            ]),
        .failing(
            "fetch path without demisto.incidents", pack: "Demo", reason: "the fetch-incidents path never calls demisto.incidents()",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode
                        + ContentExample.main(
                            ["demo-say"],
                            extra: fetchBranch.replacingOccurrences(of: "demisto.incidents(incidents)", with: "return_results(incidents)"))),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "fetch without the last run", pack: "Demo",
            reason: "the fetch-incidents path never calls demisto.getLastRun() nor demisto.setLastRun() (S19",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode
                        + ContentExample.main(
                            ["demo-say"],
                            extra: "        elif command == 'fetch-incidents':\n"
                                + "            demisto.incidents(fetch_incidents(client, {}, params.get('max_fetch'))[1])\n")),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "fetch that reads the last run but never saves it", pack: "Demo",
            reason: "the fetch-incidents path never calls demisto.setLastRun() (S19",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode
                        + ContentExample.main(
                            ["demo-say"],
                            extra: fetchBranch.replacingOccurrences(of: "            demisto.setLastRun(next_run)\n", with: ""))
                ),
                ContentExample.tests(fetchTest),
            ]),
        .passing(
            "the last run kept by a helper the fetch handler calls", pack: "Demo",
            initialCommit + [
                integration(),
                ContentExample.code(
                    """
                    def fetch_incidents(client, max_fetch):
                        last_run = demisto.getLastRun()
                        incidents = []
                        save_state({'last_fetch': last_run.get('last_fetch')})
                        demisto.incidents(incidents)


                    def save_state(next_run):
                        demisto.setLastRun(next_run)


                    def demo_say_command(client, args):
                        return CommandResults(readable_output=args.get('name'))


                    """
                        + ContentExample.main(
                            ["demo-say"],
                            extra:
                                "        elif command == 'fetch-incidents':\n            fetch_incidents(client, params.get('max_fetch'))\n"
                        )),
                ContentExample.tests("def test_fetch_empty():\n    fetch_incidents(None, 10)\n"),
            ]),
        // Realistic variants that call demisto.incidents() at one place but not once per cycle.
        .failing(
            "demisto.incidents only when there are incidents", pack: "Demo",
            reason: "demisto.incidents() in main() is skipped for some lists by the condition on line",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode
                        + ContentExample.main(
                            ["demo-say"],
                            extra: fetchBranch.replacingOccurrences(
                                of: "            demisto.incidents(incidents)\n",
                                with: "            if incidents:\n                demisto.incidents(incidents)\n"))),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "demisto.incidents after an early return on an empty list", pack: "Demo",
            reason: "demisto.incidents() in send_incidents() is skipped for some lists by the condition on line 10",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode.replacingOccurrences(
                        of: "    return last_run, []\n", with: "    send_incidents([])\n    return last_run, []\n")
                        + "def send_incidents(incidents):\n    if not incidents:\n        return\n    demisto.incidents(incidents)\n\n\n"
                        + ContentExample.main(
                            ["demo-say"],
                            extra: fetchBranch.replacingOccurrences(of: "            demisto.incidents(incidents)\n", with: ""))),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "demisto.incidents per page", pack: "Demo", reason: "demisto.incidents() inside a loop in fetch_incidents()",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode.replacingOccurrences(
                        of: "    return last_run, []\n",
                        with: "    for page in client.pages():\n        demisto.incidents(page)\n    return last_run, []\n")
                        + ContentExample.main(
                            ["demo-say"],
                            extra: fetchBranch.replacingOccurrences(of: "            demisto.incidents(incidents)\n", with: ""))),
                ContentExample.tests(fetchTest),
            ]),
        .passing(
            "a condition on the incidents around something else", pack: "Demo",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode
                        + ContentExample.main(
                            ["demo-say"],
                            extra: fetchBranch.replacingOccurrences(
                                of: "            demisto.incidents(incidents)\n",
                                with:
                                    "            if not incidents:\n                demisto.debug('nothing new')\n            demisto.incidents(incidents)\n"
                            ))),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "createIncidents in fetch", pack: "Demo", reason: "demisto.createIncidents() in fetch_incidents(), on the fetch-incidents path",
            initialCommit + [
                integration(),
                ContentExample.code(
                    fetchCode.replacingOccurrences(
                        of: "    return last_run, []", with: "    demisto.createIncidents([])\n    return last_run, []")
                        + ContentExample.main(["demo-say"], extra: fetchBranch)),
                ContentExample.tests(fetchTest),
            ]),
        .failing(
            "fetch without a test", pack: "Demo", reason: "no test function calls fetch_incidents()",
            initialCommit + [
                integration(), ContentExample.code(fetchCode + ContentExample.main(["demo-say"], extra: fetchBranch)),
                ContentExample.tests("def test_say():\n    assert True\n"),
            ]),
        .passing(
            "long-running loop that catches its exceptions", pack: "Demo",
            initialCommit + [
                integration([("url", nil)], script: "  longRunning: true\n"),
                ContentExample.code(
                    fetchCode + longRunningLoop(body: caughtBody) + ContentExample.main(["demo-say"], extra: longRunningBranch)),
            ]),
        .passing(
            "long-running listener that reports its health", pack: "Demo",
            initialCommit + [
                integration([("url", nil)], script: "  longRunning: true\n"),
                ContentExample.code(
                    fetchCode
                        + "def long_running_loop(client):\n    demisto.updateModuleHealth('Listening')\n    client.serve_forever()\n\n\n"
                        + ContentExample.main(["demo-say"], extra: longRunningBranch)),
            ]),
        .failing(
            "long-running loop that neither catches nor reports", pack: "Demo",
            reason:
                "Demo.py:9: the long-running loop in long_running_loop() neither catches exceptions in its body nor calls demisto.updateModuleHealth() (S22",
            fix: "S22 (docs/xsoar-lifecycle.md#s22): catch exceptions inside the long-running loop",
            fixOmits: "Fetch Integration Checklist",
            initialCommit + [
                integration([("url", nil)], script: "  longRunning: true\n"),
                ContentExample.code(
                    fetchCode + longRunningLoop(body: "        for event in client.poll():\n            demisto.createIncidents([event])\n")
                        + ContentExample.main(["demo-say"], extra: longRunningBranch)),
            ]),
        .failing(
            "longRunning without its handler", pack: "Demo",
            reason: "sets longRunning: true but main() does not dispatch long-running-execution",
            initialCommit + [
                integration([("url", nil)], script: "  longRunning: true\n"),
                ContentExample.code(fetchCode + ContentExample.main(["demo-say"])),
            ]),
    ]
}
