/// `pack.code-yaml`: the integration's code and its YAML describe the same commands, arguments and
/// parameters (S29, Validation Checklist: "All args.get() calls have matching YAML argument
/// definitions"; argToList arguments "MUST have isArray: true").
public enum PackCodeYamlGate: Gate {
    public static let id = "pack.code-yaml"
    public static let summary = "args/params read in the code, argToList ↔ isArray and the commands dispatched in main() match the YAML"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S29",
            "every `args.get('x')` / `args['x']` / `argToList(args.get('x'))` in a function a command's dispatch reaches has argument `x` in that command's YAML (file:line), read through any name that holds `demisto.args()` (a handler's parameter of any name); YAML commands and the dispatch agree; unread YAML arguments are a warning in the pass note",
            shownBy: [
                "argument missing from the YAML", "argument read through a parameter not named args, missing from the YAML",
                "YAML command not dispatched", "dispatched command not in the YAML",
            ]),
        RuleClaim(
            "S30",
            "an argument read with `argToList` or `.split(...)` needs `isArray: true`, also when `argToList` takes a name the read was assigned to in the same function; a two-step `.split(...)` is not counted (demisto-sdk's HelloWorld template splits its `severity`, which has `isArray: false`)",
            shownBy: ["argToList without isArray", "two-step argToList without isArray"]),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        var problems: [String] = []
        var warnings: [String] = []
        for unit in units {
            guard let code = unit.code else { continue }
            let yaml = unit.yaml
            let py = unit.unit.codePath, yml = unit.unit.yamlPath
            // Which YAML commands reach each function (a script's arguments belong to every function).
            var commandsOf: [String: [IntegrationYAML.Command]] = [:]
            if yaml.isIntegration {
                for entry in code.dispatch {
                    guard let command = yaml.command(entry.command) else { continue }
                    for function in code.reachable(from: entry.calls) { commandsOf[function, default: []].append(command) }
                }
            }
            var read: Set<String> = []
            for arg in code.args {
                let candidates = commandsOf[arg.function] ?? yaml.commands
                let shown = arg.form ?? (arg.list ? "argToList(args.get('\(arg.name)'))" : "args.get('\(arg.name)')")
                read.insert(arg.name)
                guard let match = candidates.lazy.compactMap({ c in c.arguments.first { $0.name == arg.name }.map { (c, $0) } }).first
                else {
                    let where_ = commandsOf[arg.function].map { "command \($0.map(\.name).joined(separator: ", "))" } ?? "any command"
                    problems.append(
                        "\(py):\(arg.line): \(shown) in \(arg.function)() but \(yml) has no argument \(arg.name) in \(where_) (\(LifecycleRule.cite("S29")): all args.get() calls have matching YAML argument definitions)"
                    )
                    continue
                }
                if arg.list && !match.1.isArray {
                    problems.append(
                        "\(py):\(arg.line): \(shown) reads a list but \(yml):\(match.1.line): argument \(arg.name) of \(match.0.name) has no isArray: true (\(LifecycleRule.cite("S30")): comma-separated arguments MUST have isArray: true)"
                    )
                }
            }
            for command in yaml.commands {
                for argument in command.arguments where !read.contains(argument.name) {
                    warnings.append("\(yml):\(argument.line): argument \(argument.name) of \(command.name) is never read")
                }
            }
            guard yaml.isIntegration else { continue }
            let dispatched = Set(code.dispatch.map(\.command))
            for command in yaml.commands where !dispatched.contains(command.name) {
                problems.append(
                    "\(yml):\(command.line): command \(command.name) is not dispatched in main() of \(py) (every YAML command has a handler in main(): the code and the YAML agree, \(LifecycleRule.cite("S29")))"
                )
            }
            var reported: Set<String> = []
            for entry in code.dispatch
            where yaml.command(entry.command) == nil
                && !IntegrationYAML.builtInCommands.contains(entry.command) && reported.insert(entry.command).inserted
            {
                problems.append(
                    "\(py):\(entry.line): main() dispatches \(entry.command), which \(yml) does not declare under script.commands")
            }
            for param in code.params where yaml.parameter(param.name) == nil && reported.insert("param:" + param.name).inserted {
                problems.append("\(py):\(param.line): params.get('\(param.name)') but \(yml) has no configuration parameter \(param.name)")
            }
        }
        if problems.isEmpty {
            let note =
                warnings.isEmpty
                ? "\(layout.pack): \(units.count) integration(s)/script(s)" : "warning: " + warnings.joined(separator: "; ")
            return .pass(note)
        }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix:
                "make the code and the YAML agree: add the argument/parameter/command to the YAML (isArray: true for lists), or change the code to use what the YAML declares"
        )
    }

    static let handlers = """
        def say_command(client, args):
            name = args.get('name')
            return CommandResults(readable_output=name)


        def lookup_command(client, args):
            ips = argToList(args.get('ip'))
            return CommandResults(outputs=ips)


        """

    /// Handlers that read their arguments in other shapes: through a parameter not named `args`,
    /// and with a two-step argToList.
    static let otherShapes = """
        def say_command(client, args):
            name = args.get('name')
            return CommandResults(readable_output=name)


        def get_item(client, a):
            return CommandResults(outputs=a.get('id'))


        def lookup_command(client, args):
            ips = args.get('ip')
            ips = argToList(ips)
            return CommandResults(outputs=ips)


        """

    /// main() for `otherShapes`: demo-get passes demisto.args() to get_item.
    static func otherShapesCode() -> RepoStep {
        ContentExample.code(
            otherShapes
                + ContentExample.main(
                    ["demo-say", "demo-lookup"], handlers: ["demo-say": "say_command", "demo-lookup": "lookup_command"],
                    extra: "        elif command == 'demo-get':\n            return_results(get_item(client, demisto.args()))\n"))
    }

    /// A Client whose methods fill request dicts named `params` (the shape of many 2020 integrations).
    static let clientCode = """
        class Client:
            def __init__(self, base_url, company_id):
                self.base_url = base_url
                self.company_id = company_id

            def list_items(self, limit):
                params = {'limit': limit}
                params['companyId'] = self.company_id
                if params.get('offset'):
                    del params['offset']
                return params


        """

    /// main() building the Client from the configuration, then `extra`.
    static func clientMain(_ extra: String) -> String {
        ContentExample.main(["demo-say", "demo-lookup"], handlers: ["demo-say": "say_command", "demo-lookup": "lookup_command"])
            .replacingOccurrences(
                of: "        client = params.get('url')\n",
                with: "        client = Client(params.get('url'), params['company'])\n" + extra)
    }

    static func code(_ commands: [String]) -> RepoStep {
        ContentExample.code(
            handlers + ContentExample.main(commands, handlers: ["demo-say": "say_command", "demo-lookup": "lookup_command"]))
    }

    public static let examples: [GateExample] = [
        .passing(
            "agree", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"]), ("demo-lookup", ["ip[]"])])),
                code(["demo-say", "demo-lookup"]),
            ]),
        .failing(
            "argument missing from the YAML", pack: "Demo",
            reason: "Demo.py:2: args.get('name') in say_command() but Packs/Demo/Integrations/Demo/Demo.yml has no argument name",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", []), ("demo-lookup", ["ip[]"])])),
                code(["demo-say", "demo-lookup"]),
            ]),
        .failing(
            "argToList without isArray", pack: "Demo", reason: "argument ip of demo-lookup has no isArray: true",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"]), ("demo-lookup", ["ip"])])),
                code(["demo-say", "demo-lookup"]),
            ]),
        .failing(
            "YAML command not dispatched", pack: "Demo", reason: "command demo-lookup is not dispatched in main()",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"]), ("demo-lookup", ["ip[]"])])),
                code(["demo-say"]),
            ]),
        .failing(
            "dispatched command not in the YAML", pack: "Demo", reason: "main() dispatches demo-lookup, which",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])])),
                code(["demo-say", "demo-lookup"]),
            ]),
        .failing(
            "parameter missing from the YAML", pack: "Demo",
            reason: "params.get('url') but Packs/Demo/Integrations/Demo/Demo.yml has no configuration parameter url",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])], parameters: [("apikey", nil)])),
                code(["demo-say"]),
            ]),
        // A Client method that builds its request's query in a local dict named `params` reads no
        // configuration parameter; main()'s `params = demisto.params()` and what it passes on do.
        .passing(
            "a local dict named params is not the configuration", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(
                        commands: [("demo-say", ["name"]), ("demo-lookup", ["ip[]"])],
                        parameters: [("url", nil), ("company", nil)])),
                ContentExample.code(clientCode + handlers + clientMain("")),
            ]),
        .failing(
            "configuration read through a parameter that main() passes", pack: "Demo",
            reason:
                "Demo.py:23: params.get('first_fetch') but Packs/Demo/Integrations/Demo/Demo.yml has no configuration parameter first_fetch",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(
                        commands: [("demo-say", ["name"]), ("demo-lookup", ["ip[]"])],
                        parameters: [("url", nil), ("company", nil)])),
                ContentExample.code(
                    clientCode + handlers + """
                        def first_fetch_time(params):
                            return params.get('first_fetch') or '3 days'


                        """ + clientMain("        start = first_fetch_time(params)\n")),
            ]),
        .passing(
            "arguments read through a parameter not named args, and a two-step argToList", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(commands: [("demo-say", ["name"]), ("demo-lookup", ["ip[]"]), ("demo-get", ["id"])])),
                otherShapesCode(),
            ]),
        .failing(
            "argument read through a parameter not named args, missing from the YAML", pack: "Demo",
            reason: "Demo.py:7: a.get('id') in get_item() but Packs/Demo/Integrations/Demo/Demo.yml has no argument id in command demo-get",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(commands: [("demo-say", ["name"]), ("demo-lookup", ["ip[]"]), ("demo-get", [])])),
                otherShapesCode(),
            ]),
        .failing(
            "two-step argToList without isArray", pack: "Demo",
            reason: "Demo.py:11: args.get('ip') (argToList(ips) on line 12) reads a list but Packs/Demo/Integrations/Demo/Demo.yml:",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(commands: [("demo-say", ["name"]), ("demo-lookup", ["ip"]), ("demo-get", ["id"])])),
                otherShapesCode(),
            ]),
        .failing(
            "syntax error names file and line", pack: "Demo", reason: "Packs/Demo/Integrations/Demo/Demo.py:2:",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])])),
                ContentExample.code("def main():\n    if True\n        pass\n"),
            ]),
    ]
}
