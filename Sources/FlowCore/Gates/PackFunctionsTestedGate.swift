import Foundation

/// `pack.functions-tested`: each function or method of an integration's or script's `X.py` that
/// the change adds or modifies is run by a test of `X_test.py`: called by a test function (or a
/// fixture, a helper of the test file, its module-level code), directly or through the functions
/// of `X.py` it calls (S15: "Every new function gets a test"). Judged on flow's call graph (the
/// Python checker's `ast` facts), not on coverage: it needs no test run, so the hook, `flow next`
/// and CI answer alike from the files alone. A call counts by name: `client.get_items()` reaches
/// the method `get_items` of a class of `X.py`, `Client(...)` its `__init__`, `getattr(X, 'f')` f;
/// whatever uses a module-level dict of `X.py` reaches the functions its values name (main()'s
/// `COMMANDS[command](args)`). A test marked `pytest.mark.skip` (on itself, its class or the
/// module's `pytestmark`) calls nothing: pytest never runs it (a `skipif` condition is not judged).
/// A call of the test file's own function `f` (not imported, never `module.f`) is not a call of
/// X.py's `f`. What a mock replaces is not judged: a test that mocks the function still reaches it.
///
/// Clean as you code: in a pack new to the repository every function counts; in a pack already
/// on main (at the merge-base, as lint's `findings: changed-lines`), only the functions whose lines
/// the change adds or modifies, not one moved with its text unchanged (that text is, line for
/// line, in the file at the merge-base). Not judged: `main()` (the platform runs it; the tests reach what it
/// dispatches through the command functions), `test_module()` (the platform's Test button runs it
/// against the live service; demisto-sdk's HelloWorld and BaseIntegration templates test every
/// function but this one), functions nested in another (they run with it, and a change to them
/// touches it), and special methods but `__init__` (Python calls them itself).
public enum PackFunctionsTestedGate: Gate {
    public static let id = "pack.functions-tested"
    public static let summary =
        "each function of an integration's or script's X.py that the change adds or modifies (every one in a new pack) is called by a test in X_test.py, directly or through the functions it calls"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S15",
            "each function or method of an integration's or script's `X.py` that the change adds or modifies (every one in a new pack; not one moved with its text unchanged) is called by a test of `X_test.py` that is not marked `pytest.mark.skip`, directly or through the functions and module-level command maps it uses; judged on the code's call graph by name, not on coverage (a `skipif` condition and mocks are not judged); `main()`, `test_module()`, nested functions and special methods but `__init__` are not judged",
            shownBy: [
                "a new helper no test calls", "a new command function while the test file tests only the helper",
                "a client method no test reaches",
                "an existing pack: a modified old function without a test", "a new function whose only test is marked skip",
                "a test file skipped as a whole by its pytestmark", "a test that calls the test file's own function of the same name",
            ])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        var problems: [String] = []
        var untested: [(function: String, test: String)] = []
        var reached: [String] = []
        var untouched = 0
        for unit in units {
            guard let code = unit.code else { continue }
            let judged = code.functions.filter(isJudged)
            guard !judged.isEmpty else { continue }
            let changed = try context.changedLines(unit.unit.codePath, of: layout)
            let edited = judged.filter { function in changed.map { function.lines.contains(where: $0.contains) } ?? true }
            let moved = changed == nil ? [] : try unchangedText(edited, of: unit.unit.codePath, context)
            let touched = edited.filter { !moved.contains($0.lines.lowerBound) }
            untouched += judged.count - touched.count
            guard !touched.isEmpty else { continue }
            let paths = reach(code, from: unit.tests)
            let test = (unit.unit.testPath as NSString).lastPathComponent
            for function in touched {
                let shown = "\(function.qualifiedName)()"
                if let path = paths[function.qualifiedName] {
                    reached.append(path.map { "\(shown) through \($0)()" } ?? "\(shown) directly")
                    continue
                }
                let new = changed.map { lines in function.lines.allSatisfy(lines.contains) } ?? true
                let kind = "\(new ? "new" : "changed") \(function.owner == nil ? "function" : "method")"
                problems.append(
                    "\(unit.unit.codePath):\(function.line): \(kind) \(shown) is called by no test in \(test) (\(LifecycleRule.cite("S15")): every new function gets a test)"
                )
                untested.append((shown, unit.unit.testPath))
            }
        }
        if problems.isEmpty {
            let debt = untouched > 0 ? " (\(untouched) function(s) the change does not touch are not judged)" : ""
            guard !reached.isEmpty else { return .pass("pack \(layout.pack): the change adds or modifies no function\(debt)") }
            let shown = reached.prefix(6).joined(separator: ", ") + (reached.count > 6 ? ", and \(reached.count - 6) more" : "")
            return .pass("pack \(layout.pack): \(reached.count) new or changed function(s) called by tests: \(shown)\(debt)")
        }
        let first = untested[0]
        let others = untested.count > 1 ? "; likewise for \(untested.dropFirst().map(\.function).joined(separator: ", "))" : ""
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix:
                "write a pytest test in \(first.test) that calls \(first.function), directly or through a function that calls it\(others)"
        )
    }

    /// The first lines of those of `functions` whose text (decorators to last line, trailing spaces
    /// aside) is, line for line, in the file at the merge-base with main: moved, not new or changed.
    static func unchangedText(_ functions: [PythonFileFacts.Function], of path: String, _ context: GateContext) throws -> Set<Int> {
        guard !functions.isEmpty, let base = try context.git.mergeBase(with: "refs/heads/\(context.config.mainBranch)"),
            let old = try context.git.fileContent(path, at: base), let new = context.files.read(path)
        else { return [] }
        func lines(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0.reversed().drop(while: \.isWhitespace).reversed())
            }
        }
        let before = "\n" + lines(old).joined(separator: "\n") + "\n"
        let now = lines(new)
        return Set(
            functions.filter { function in
                let range = function.lines
                guard range.lowerBound >= 1, range.upperBound <= now.count else { return false }
                return before.contains("\n" + now[(range.lowerBound - 1)...(range.upperBound - 1)].joined(separator: "\n") + "\n")
            }.map(\.lines.lowerBound))
    }

    /// `main()`, `test_module()`, nested functions and special methods but `__init__` are not judged (see above).
    static func isJudged(_ function: PythonFileFacts.Function) -> Bool {
        if function.nested == true { return false }
        if function.owner == nil && (function.name == "main" || function.name == "test_module") { return false }
        if function.name.hasPrefix("__") && function.name.hasSuffix("__") && function.name != "__init__" { return false }
        return true
    }

    /// The functions of `code` the tests run, by qualified name, each with the function that calls
    /// it on the way (nil: a test calls it directly).
    static func reach(_ code: PythonFileFacts, from tests: PythonFileFacts?) -> [String: String?] {
        guard let tests else { return [:] }
        // What the test file runs: its test functions but those marked skip, fixtures, set-up and
        // tear-down functions (when a test runs at all) and module-level code, and the helpers of
        // the test file they call.
        let helpers = Set(tests.functions.map(\.name))
        let running = tests.tests.filter { $0.skipped != true }
        let skipped = Set(tests.tests.filter { $0.skipped == true }.map(\.name))
        var names = Set(tests.moduleUses)
        var work =
            running.map(\.name)
            + (running.isEmpty
                ? []
                : tests.functions.filter {
                    !skipped.contains($0.name) && ($0.fixture == true || $0.name.hasPrefix("setup") || $0.name.hasPrefix("teardown"))
                }.map(\.name))
        var seen = skipped
        while let next = work.popLast() {
            guard seen.insert(next).inserted else { continue }
            let used = tests.uses[next] ?? []
            names.formUnion(used)
            work += used.filter { helpers.contains($0) && !seen.contains($0) }
        }
        names.formUnion(running.flatMap(\.calls))
        // A call of the test file's own `f` runs that one, not X.py's `f`.
        names.subtract(tests.ownNames)
        names.formUnion(names.compactMap { tests.aliases[$0] })
        // Through the code's call graph: a name reaches every function of that name (a method
        // called on any object), a class name its __init__.
        var byName: [String: [PythonFileFacts.Function]] = [:]
        for function in code.functions {
            byName[function.name, default: []].append(function)
            if function.name == "__init__", let owner = function.owner { byName[owner, default: []].append(function) }
        }
        var paths: [String: String?] = [:]
        var queue: [PythonFileFacts.Function] = []
        for name in mapped(names, code).sorted() {
            for function in byName[name] ?? [] where paths[function.qualifiedName] == nil {
                paths[function.qualifiedName] = .some(nil)
                queue.append(function)
            }
        }
        var index = 0
        while index < queue.count {
            let caller = queue[index]
            index += 1
            for name in mapped(Set(code.uses[caller.name] ?? []), code).sorted() {
                for function in byName[name] ?? [] where paths[function.qualifiedName] == nil {
                    paths[function.qualifiedName] = .some(caller.qualifiedName)
                    queue.append(function)
                }
            }
        }
        return paths
    }

    /// `names` and what the module-level dicts among them name: whoever uses `COMMANDS =
    /// {'x-say': say}` (`COMMANDS[command](args)`) may run `say`.
    static func mapped(_ names: Set<String>, _ code: PythonFileFacts) -> Set<String> {
        var result = names
        var work = Array(names)
        while let next = work.popLast() {
            for name in code.mapped[next] ?? [] where result.insert(name).inserted { work.append(name) }
        }
        return result
    }

    static let code = ContentExample.dir + "/Demo.py"

    static let yaml = ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])]))

    static let sayCommand = """
        def demo_say_command(client, args):
            return CommandResults(readable_output=args.get('name'))


        """

    static let parseHelper = """
        def parse_name(name):
            return name.strip().title()


        """

    static let sayTest = "def test_say():\n    assert demo_say_command(None, {'name': 'x'})\n"

    /// The pack committed on main, then a feature branch: an existing pack.
    static func onMain(_ files: [RepoStep]) -> [RepoStep] {
        initialCommit + files + [.stage(["Packs"]), .commit("the pack on main"), .branch("feature/change")]
    }

    public static let examples: [GateExample] = [
        .passing(
            "every function called by a test", pack: "Demo",
            initialCommit + [yaml, ContentExample.code(sayCommand + ContentExample.main(["demo-say"])), ContentExample.tests(sayTest)]),
        .failing(
            "a new helper no test calls", pack: "Demo",
            reason:
                "Packs/Demo/Integrations/Demo/Demo.py:1: new function parse_name() is called by no test in Demo_test.py (S15 (docs/xsoar-lifecycle.md#s15): every new function gets a test)",
            fix: "write a pytest test in Packs/Demo/Integrations/Demo/Demo_test.py that calls parse_name()",
            initialCommit + [
                yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])), ContentExample.tests(sayTest),
            ]),
        // What slipped through pack.tests-for-sources: Demo_test.py is there and tests another function.
        .failing(
            "a new command function while the test file tests only the helper", pack: "Demo",
            reason: "Demo.py:4: new function demo_say_command() is called by no test in Demo_test.py",
            fixOmits: "parse_name",
            initialCommit + [
                yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests("def test_parse():\n    assert parse_name(' ada ') == 'Ada'\n"),
            ]),
        .passing(
            "a helper reached through the tested command function", pack: "Demo",
            initialCommit + [
                yaml,
                ContentExample.code(
                    parseHelper
                        + sayCommand.replacingOccurrences(of: "args.get('name')", with: "parse_name(args.get('name'))")
                        + ContentExample.main(["demo-say"])),
                ContentExample.tests(sayTest),
            ]),
        .passing(
            "a client method reached through the command that calls it", pack: "Demo",
            initialCommit + [
                yaml,
                ContentExample.code(
                    "class Client(BaseClient):\n    def say(self, name):\n        return self._http_request('GET', '/say', params={'name': name})\n\n\n"
                        + sayCommand.replacingOccurrences(of: "args.get('name')", with: "client.say(args.get('name'))")
                        + ContentExample.main(["demo-say"])),
                ContentExample.tests(
                    "def test_say(mocker):\n    client = Client(base_url='https://x')\n    mocker.patch.object(client, '_http_request', return_value='x')\n    assert demo_say_command(client, {'name': 'x'})\n"
                ),
            ]),
        .passing(
            "a command function called under another name", pack: "Demo",
            initialCommit + [
                yaml, ContentExample.code(sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests(
                    "from Demo import demo_say_command as say\n\n\ndef test_say():\n    assert say(None, {'name': 'x'})\n"),
            ]),
        // demisto-sdk's HelloWorld and BaseIntegration templates test every function but this one.
        .passing(
            "test_module, the platform's connectivity check, without a test", pack: "Demo",
            initialCommit + [
                yaml,
                ContentExample.code("def test_module(client):\n    return 'ok'\n\n\n" + sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests(sayTest),
            ]),
        .failing(
            "a client method no test reaches", pack: "Demo", reason: "new method Client.delete() is called by no test in Demo_test.py",
            initialCommit + [
                yaml,
                ContentExample.code(
                    "class Client(BaseClient):\n    def delete(self, name):\n        return self._http_request('DELETE', '/say')\n\n\n"
                        + sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests(sayTest),
            ]),
        .failing(
            "functions of a script without its test file", pack: "Demo",
            reason: "Packs/Demo/Scripts/Tool/Tool.py:1: new function tool() is called by no test in Tool_test.py",
            initialCommit + [
                PackExample.file(
                    "Scripts/Tool/Tool.yml",
                    "commonfields:\n  id: Tool\n  version: -1\nname: Tool\nscript: '-'\ntype: python\nsubtype: python3\nargs: []\n"),
                PackExample.file("Scripts/Tool/Tool.py", "def tool():\n    return 1\n\n\ndef main():\n    return_results(tool())\n"),
            ]),
        // Clean as you code: in a pack already on main only what the change touches is judged.
        .passing(
            "an existing pack: an untouched old function without a test", pack: "Demo",
            onMain([yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])), ContentExample.tests(sayTest)])
                + [ContentExample.tests(sayTest + "\n\ndef test_say_empty():\n    assert demo_say_command(None, {})\n")]),
        .failing(
            "an existing pack: a modified old function without a test", pack: "Demo",
            reason: "Demo.py:1: changed function parse_name() is called by no test in Demo_test.py",
            onMain([yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])), ContentExample.tests(sayTest)])
                + [
                    ContentExample.code(
                        parseHelper.replacingOccurrences(of: "name.strip().title()", with: "name.strip().upper()") + sayCommand
                            + ContentExample.main(["demo-say"]))
                ]),
        // Moving a function is no change to it: its text is in the file at the merge-base.
        .passing(
            "an existing pack: an old untested function moved with its text unchanged", pack: "Demo",
            onMain([yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])), ContentExample.tests(sayTest)])
                + [ContentExample.code(sayCommand + parseHelper + ContentExample.main(["demo-say"]))]),
        // pytest never runs a skipped test, so it calls nothing.
        .failing(
            "a new function whose only test is marked skip", pack: "Demo",
            reason: "Demo.py:1: new function demo_say_command() is called by no test in Demo_test.py",
            initialCommit + [
                yaml, ContentExample.code(sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests("import pytest\n\n\n@pytest.mark.skip(reason='later')\n" + sayTest),
            ]),
        .failing(
            "a test file skipped as a whole by its pytestmark", pack: "Demo",
            reason: "Demo.py:1: new function demo_say_command() is called by no test in Demo_test.py",
            initialCommit + [
                yaml, ContentExample.code(sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests("import pytest\n\npytestmark = [pytest.mark.skip(reason='later')]\n\n\n" + sayTest),
            ]),
        // skipif's condition is not judged: the test may run.
        .passing(
            "a test marked skipif", pack: "Demo",
            initialCommit + [
                yaml, ContentExample.code(sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests(
                    "import sys\n\nimport pytest\n\n\n@pytest.mark.skipif(sys.platform == 'win32', reason='posix')\n" + sayTest),
            ]),
        // The test file's own parse_name() is not Demo.py's.
        .failing(
            "a test that calls the test file's own function of the same name", pack: "Demo",
            reason: "Demo.py:1: new function parse_name() is called by no test in Demo_test.py",
            initialCommit + [
                yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests(
                    sayTest
                        + "\n\ndef parse_name(name):\n    return {'name': name}\n\n\ndef test_parse():\n    assert parse_name('a')['name'] == 'a'\n"
                ),
            ]),
        .passing(
            "a command function run through main(), which dispatches with a module-level command map", pack: "Demo",
            initialCommit + [
                yaml,
                ContentExample.code(
                    sayCommand + "COMMANDS = {'demo-say': demo_say_command}\n\n\n"
                        + "def main():\n    command = demisto.command()\n    try:\n        if command == 'test-module':\n            return_results('ok')\n"
                        + "        elif command in COMMANDS:\n            return_results(COMMANDS[command](None, demisto.args()))\n"
                        + "    except Exception as e:\n        return_error(str(e))\n"),
                ContentExample.tests(
                    "import Demo\n\n\ndef test_main(mocker):\n    mocker.patch.object(Demo.demisto, 'command', return_value='demo-say')\n    mocker.patch.object(Demo.demisto, 'args', return_value={'name': 'x'})\n    Demo.main()\n"
                ),
            ]),
        .passing(
            "a command function the test calls through the module-level command map", pack: "Demo",
            initialCommit + [
                yaml,
                ContentExample.code(sayCommand + "COMMANDS = {'demo-say': demo_say_command}\n\n\n" + ContentExample.main(["demo-say"])),
                ContentExample.tests("import Demo\n\n\ndef test_map():\n    assert Demo.COMMANDS['demo-say'](None, {'name': 'x'})\n"),
            ]),
        .passing(
            "a helper the test calls through getattr", pack: "Demo",
            initialCommit + [
                yaml, ContentExample.code(parseHelper + sayCommand + ContentExample.main(["demo-say"])),
                ContentExample.tests(
                    "import Demo\nfrom Demo import *\n\n\n" + sayTest
                        + "\n\ndef test_parse():\n    assert getattr(Demo, 'parse_name')(' x ') == 'X'\n"),
            ]),
    ]
}
