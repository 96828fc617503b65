/// `pack.integration-conventions`: an integration follows the design tutorial's naming, parameter
/// and output rules: an integration that reaches a server (a `url`/`server` parameter) has the
/// `proxy` and `insecure` parameters (T4); its commands are `vendor-action-object` in kebab-case,
/// all with the same vendor prefix, one that abbreviates the integration's name (T10); its context
/// paths are `Vendor.Entity...` with no space in a key (T11, T12); the `CommandResults` its
/// commands reach give `outputs_key_field` with their outputs (T11) and no output key holds a
/// space or a dot (T12). XSOAR's own commands (test-module, fetch-incidents…) and the generic
/// ones every integration of a kind names alike (ip, domain…, send-mail) are left alone.
public enum PackIntegrationConventionsGate: Gate {
    public static let id = "pack.integration-conventions"
    public static let summary =
        "proxy and insecure parameters where a server is reached; commands vendor-action-object in kebab-case with the integration's vendor prefix; context paths Vendor.Entity with no space in a key; CommandResults outputs with outputs_key_field and no space or dot in a key"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "T4", "an integration with a `url`/`server` parameter has `proxy` and `insecure` parameters",
            shownBy: ["no proxy or insecure parameter"]),
        RuleClaim(
            "T13", "an integration's or script's `fromversion`, when it names one, is 6.0.0 or later; a YAML without one is not judged",
            shownBy: ["fromversion below 6.0"]),
        RuleClaim(
            "T10",
            "commands in kebab-case with at least two parts and one vendor prefix that abbreviates the integration's id, name, display or context-path vendor, so a single command is judged too; generic reputation and messaging commands and the platform's own are exempt; a command already on main keeps its name",
            shownBy: [
                "a command not in kebab-case", "a command without the vendor prefix", "a single command without the vendor prefix",
                "a command with another vendor's prefix", "commands sharing a prefix that is not the vendor's",
            ]),
        RuleClaim(
            "S67", "command names as [T10](#t10) says, context paths and output keys as [T11](#t11) and [T12](#t12) say",
            shownBy: ["a single command without the vendor prefix", "a context path with a space", "outputs without outputs_key_field"]),
        RuleClaim(
            "T11",
            "every context path has a prefix (`Vendor.Entity`); a `CommandResults` that returns outputs under an `outputs_prefix`, in a function a dispatched command reaches, gives a non-empty `outputs_key_field` (no outputs or `outputs=None` is exempt; a call through `**kwargs` is not judged)",
            shownBy: ["outputs without outputs_key_field", "outputs without outputs_key_field in a helper the command calls"]),
        RuleClaim(
            "T12",
            "no space or empty key in a YAML context path; no space or dot in a key of the outputs a prefixed `CommandResults` returns (written in the call, nested, or built in the same function); keys reached any other way are not seen",
            shownBy: ["a context path with a space", "an output key with a dot", "an output key with a space"]),
    ]

    /// Commands that integrations of one kind all name alike, because playbooks and XSOAR call them
    /// by that name: the reputation commands and the messaging ones. They carry no vendor prefix.
    static let genericCommands: Set<String> = [
        "ip", "domain", "url", "file", "email", "cve", "endpoint", "attack-pattern", "send-mail", "reply-mail", "send-notification",
        "mirror-investigation", "close-channel", "send-file",
    ]

    static func isKebab(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 2
            && parts.allSatisfy { part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
    }

    /// True when `prefix` abbreviates one of `names`: its letters appear in order in the name
    /// (lowercased, letters and digits only) from the start of one of its words. So
    /// `helloworld` of HelloWorld, `cs` of CrowdStrike Falcon, `msgraph` of Microsoft Graph Mail,
    /// `ad` of Active Directory Query v2, `xdr` of Cortex XDR - IR, `nexpose` of Rapid7 Nexpose.
    static func abbreviates(_ prefix: String, _ names: [String]) -> Bool {
        let wanted = Array(prefix.lowercased())
        guard !wanted.isEmpty else { return false }
        for name in names {
            var letters: [Character] = []
            var starts: [Int] = []  // where the name's words start: after a non-alphanumeric, at a lower-to-upper case change
            var previous: Character?
            for character in name {
                guard character.isLetter || character.isNumber, character.isASCII else {
                    previous = nil
                    continue
                }
                if previous == nil || (previous!.isLowercase && character.isUppercase) { starts.append(letters.count) }
                letters += character.lowercased()
                previous = character
            }
            for start in starts {
                var index = 0
                for letter in letters[start...] where index < wanted.count && letter == wanted[index] { index += 1 }
                if index == wanted.count { return true }
            }
        }
        return false
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        var problems: [String] = []
        var found: Set<String> = []  // which rules the findings break: the fix says what to do for each
        // T13 recommends 6.0 and above; demisto-sdk's BA106 asks only 5.0.0 (5.5.0 for feeds).
        for unit in units {
            guard let from = unit.yaml.fromVersion, let version = SemVer(from.value), version < SemVer(6, 0, 0) else { continue }
            found.insert("fromversion")
            problems.append(
                "\(unit.unit.yamlPath):\(from.line): fromversion \(from.value) is below 6.0.0 (\(LifecycleRule.cite("T13")): we recommend 6.0 and above)"
            )
        }
        for unit in units where unit.yaml.isIntegration {
            let yaml = unit.yaml
            let yml = unit.unit.yamlPath
            let reachesServer = yaml.parameters.contains { ["url", "server", "base_url", "serverurl"].contains($0.name.lowercased()) }
            if reachesServer {
                for name in ["proxy", "insecure"] where yaml.parameter(name) == nil {
                    problems.append(
                        "\(yml): no \(name) parameter (\(LifecycleRule.cite("T4")): an integration that reaches a server has proxy and insecure)"
                    )
                }
            }
            // A command already on main keeps its name: renaming a released command breaks the
            // playbooks that call it, so only the commands this change adds are asked (T10).
            let released: Set<String>
            switch context.yamlAtBase(unit) {
            case .yaml(let old): released = Set(old.commands.map(\.name))
            case .absent, .unknown: released = []
            }
            // The integration's own commands (not the platform's, not the generic ones), and of them
            // those the change adds.
            let named = yaml.commands.filter { !IntegrationYAML.builtInCommands.contains($0.name) && !genericCommands.contains($0.name) }
            let own = named.filter { !released.contains($0.name) }
            var reported: Set<String> = []
            for command in own where !isKebab(command.name) {
                reported.insert(command.name)
                problems.append(
                    "\(yml):\(command.line): command \(command.name) is not vendor-action-object in kebab-case (\(LifecycleRule.cite("T10")))"
                )
            }
            let prefixes = Set(own.filter { isKebab($0.name) }.map { String($0.name.split(separator: "-")[0]) })
            if prefixes.count > 1, let first = own.first(where: { isKebab($0.name) }) {
                let vendor = String(first.name.split(separator: "-")[0])
                for command in own where isKebab(command.name) && !command.name.hasPrefix(vendor + "-") {
                    reported.insert(command.name)
                    problems.append(
                        "\(yml):\(command.line): command \(command.name) does not start with the vendor prefix \(vendor)- of \(first.name) (\(LifecycleRule.cite("T10")))"
                    )
                }
            }
            // The vendor prefix is known from the integration itself, so a single command is judged too.
            let names = yaml.names + own.flatMap(\.outputs).compactMap { $0.split(separator: ".").first.map(String.init) }
            for command in own where isKebab(command.name) && !reported.contains(command.name) && !released.contains(command.name) {
                let prefix = String(command.name.split(separator: "-")[0])
                if !abbreviates(prefix, names) {
                    let vendor = (yaml.names.first ?? unit.unit.name).lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
                    // action-object gets the vendor in front; a third word means the first was a wrong vendor.
                    let parts = command.name.split(separator: "-")
                    let suggested = vendor + "-" + (parts.count >= 3 ? parts.dropFirst().joined(separator: "-") : command.name)
                    problems.append(
                        "\(yml):\(command.line): command \(command.name) does not start with a vendor prefix of the integration \(yaml.names.first ?? unit.unit.name) (\(LifecycleRule.cite("T10")): !vendor-action-object, e.g. \(suggested))"
                    )
                }
            }
            for command in named {
                for path in command.outputs {
                    let keys = path.split(separator: ".", omittingEmptySubsequences: false)
                    if keys.contains(where: { $0.contains(" ") || $0.isEmpty }) {
                        problems.append(
                            "\(yml):\(command.line): context path \(path) of \(command.name) has an empty key or a space in a key (\(LifecycleRule.cite("T12")))"
                        )
                    } else if keys.count < 2 {
                        problems.append(
                            "\(yml):\(command.line): context path \(path) of \(command.name) has no vendor prefix (\(LifecycleRule.cite("T11")): Vendor.Entity.Field)"
                        )
                    }
                }
            }
            if problems.contains(where: { $0.hasPrefix(yml) }) { found.insert("yaml") }
            guard let code = unit.code else { continue }
            let py = unit.unit.codePath
            // What the commands run: a CommandResults in code no command reaches returns nothing.
            let reached = code.reachable(from: code.dispatch.flatMap(\.calls))
            for results in code.results where reached.contains(results.function) && results.prefix == true {
                if results.outputs == true && results.keyField == false {
                    found.insert("keyField")
                    problems.append(
                        "\(py):\(results.line): CommandResults in \(results.function)() returns outputs under outputs_prefix without outputs_key_field (\(LifecycleRule.cite("T11")): use the outputs_key_field parameter to identify the primary keys)"
                    )
                }
                for key in results.badKeys {
                    found.insert("keys")
                    problems.append(
                        "\(py):\(key.line): output key '\(key.key)' of the CommandResults in \(results.function)() has a \(key.key.contains(".") ? "dot" : "space") (\(LifecycleRule.cite("T12")): no spaces or dots in the key names, a dot separates objects in the context)"
                    )
                }
            }
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix: [
                (
                    "yaml",
                    "rename or add what each line names in the integration's YAML (and its code and README with it), as \(LifecycleRule.cite("T10")) shows: !vendor-action-object, Vendor.Entity.Field, proxy and insecure parameters"
                ),
                ("fromversion", "set fromversion to 6.0.0 or later in each YAML named (demisto-sdk's templates use 6.1.0)"),
                (
                    "keyField",
                    "give each such CommandResults outputs_key_field, the output key that identifies an entity (e.g. outputs_key_field='id')"
                ),
                (
                    "keys",
                    "rename each such output key without spaces or dots (e.g. 'Last Seen' to 'LastSeen', 'os.name' to 'os_name' or a nested dict)"
                ),
            ]
            .filter { found.contains($0.0) }.map(\.1).joined(separator: "; "))
    }

    static func integration(_ commands: [(String, [String])], parameters: [(String, String?)]) -> RepoStep {
        ContentExample.yaml(ContentExample.integration(commands: commands, parameters: parameters))
    }

    static let server: [(String, String?)] = [("url", nil), ("proxy", nil), ("insecure", nil)]

    /// An integration `Demo` with one command whose handler returns `results` (a CommandResults
    /// built in the handler's body), dispatched from main().
    static func returning(_ results: String) -> [RepoStep] {
        [
            integration([("demo-get-item", ["id"])], parameters: server),
            ContentExample.code("def demo_get_item_command(client, args):\n\(results)\n\n\n" + ContentExample.main(["demo-get-item"])),
        ]
    }

    /// The same integration YAML under another name (commonfields id, name, display).
    static func named(_ id: String, display: String, _ commands: [(String, [String])]) -> RepoStep {
        ContentExample.yaml(
            ContentExample.integration(commands: commands, parameters: server)
                .replacingOccurrences(of: "  id: Demo\n", with: "  id: \(id)\n")
                .replacingOccurrences(of: "name: Demo\ndisplay: Demo\n", with: "name: \(id)\ndisplay: \(display)\n"))
    }

    public static let examples: [GateExample] = [
        // An integration on main whose old command breaks the naming rules: a change that leaves
        // its YAML alone is not asked to rename it (playbooks call it by that name).
        .passing(
            "a released command keeps a name that is not kebab-case nor vendor-prefixed", pack: "Demo",
            initialCommit + [
                integration([("demo-get-item", ["id"]), ("GetLegacy", [])], parameters: server), .stage(["Packs"]), .commit("on main"),
                .branch("feature/x"),
                integration([("demo-get-item", ["id"]), ("GetLegacy", []), ("demo-list-items", [])], parameters: server),
            ]),
        .failing(
            "fromversion below 6.0", pack: "Demo", reason: "Demo.yml:35: fromversion 5.5.0 is below 6.0.0",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(commands: [("demo-get-item", ["id"])], parameters: server) + "fromversion: 5.5.0\n")
            ]),
        .passing(
            "fromversion 6.1.0, as demisto-sdk's templates write it", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(commands: [("demo-get-item", ["id"])], parameters: server) + "fromversion: 6.1.0\n")
            ]),
        .passing(
            "vendor-prefixed kebab-case commands, proxy and insecure", pack: "Demo",
            initialCommit + [
                integration([("demo-get-item", ["id"]), ("demo-search-items", [])], parameters: server)
            ]),
        .passing(
            "no server reached: no proxy asked", pack: "Demo",
            initialCommit + [
                integration([("demo-get-item", ["id"])], parameters: [("api_key", nil)])
            ]),
        .failing(
            "no proxy or insecure parameter", pack: "Demo", reason: "no proxy parameter",
            initialCommit + [
                integration([("demo-get-item", ["id"])], parameters: [("url", nil)])
            ]),
        .failing(
            "a command not in kebab-case", pack: "Demo", reason: "command demo_get_item is not vendor-action-object in kebab-case",
            initialCommit + [
                integration([("demo_get_item", ["id"])], parameters: server)
            ]),
        .failing(
            "a command without the vendor prefix", pack: "Demo", reason: "command get-item does not start with the vendor prefix demo-",
            initialCommit + [
                integration([("demo-search-items", []), ("get-item", ["id"])], parameters: server)
            ]),
        .failing(
            "a context path with a space", pack: "Demo",
            reason: "context path Demo.Item Name of demo-get-item has an empty key or a space in a key",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(commands: [("demo-get-item", ["id"])], parameters: server)
                        .replacingOccurrences(of: "contextPath: Demo.Item.ID", with: "contextPath: Demo.Item Name"))
            ]),
        .failing(
            "a single command without the vendor prefix", pack: "Demo",
            reason:
                "command get-item does not start with a vendor prefix of the integration Demo (T10 (docs/xsoar-lifecycle.md#t10): !vendor-action-object, e.g. demo-get-item)",
            initialCommit + [integration([("get-item", ["id"])], parameters: server)]),
        .failing(
            "a command with another vendor's prefix", pack: "Demo",
            reason:
                "command acme-get-item does not start with a vendor prefix of the integration Demo (T10 (docs/xsoar-lifecycle.md#t10): !vendor-action-object, e.g. demo-get-item)",
            initialCommit + [integration([("acme-get-item", ["id"])], parameters: server)]),
        .failing(
            "commands sharing a prefix that is not the vendor's", pack: "Demo",
            reason: "command get-user does not start with a vendor prefix of the integration Demo",
            initialCommit + [integration([("get-item", ["id"]), ("get-user", [])], parameters: server)]),
        .passing(
            "vendor prefixes of demisto/content integrations", pack: "Demo",
            initialCommit + [
                named("HelloWorld", display: "HelloWorld", [("helloworld-say-hello", []), ("ip", []), ("domain", [])]),
                .write(
                    "Packs/Demo/Integrations/Falcon/Falcon.yml",
                    ContentExample.integration(commands: [("cs-falcon-search-device", [])], parameters: server)
                        .replacingOccurrences(of: "id: Demo\n", with: "id: CrowdstrikeFalcon\n")
                        .replacingOccurrences(of: "display: Demo\n", with: "display: CrowdStrike Falcon\n")),
                .write(
                    "Packs/Demo/Integrations/Mail/Mail.yml",
                    ContentExample.integration(commands: [("msgraph-mail-list-emails", []), ("send-mail", [])], parameters: server)
                        .replacingOccurrences(of: "id: Demo\n", with: "id: MicrosoftGraphMail\n")
                        .replacingOccurrences(of: "display: Demo\n", with: "display: O365 Outlook Mail (Using Graph API)\n")),
            ]),
        .passing(
            "a released command keeps its name", pack: "Demo",
            initialCommit + [
                integration([("get-item", ["id"])], parameters: server), .stage(["Packs"]), .commit("on main"), .branch("feature/x"),
                integration([("get-item", ["id", "limit"])], parameters: server),
            ]),
        .passing(
            "CommandResults with outputs_key_field, readable-only or without outputs", pack: "Demo",
            initialCommit
                + returning(
                    "    item = {'id': args.get('id'), 'os': {'name': 'linux'}}\n"
                        + "    if not item:\n        return CommandResults(readable_output='No item.')\n"
                        + "    if args.get('quiet'):\n        return CommandResults(outputs_prefix='Demo.Item', outputs=None, readable_output='ok')\n"
                        + "    return CommandResults(outputs_prefix='Demo.Item', outputs_key_field='id', outputs=item)")),
        .passing(
            "a request's parameters are no output keys", pack: "Demo",
            initialCommit
                + returning(
                    "    item = client.get_item(params={'page size': 10, 'sort.by': 'id'})\n"
                        + "    return CommandResults(outputs_prefix='Demo.Item', outputs_key_field='id', outputs=item)")),
        .failing(
            "outputs without outputs_key_field", pack: "Demo",
            reason:
                "Demo.py:3: CommandResults in demo_get_item_command() returns outputs under outputs_prefix without outputs_key_field (T11 (docs/xsoar-lifecycle.md#t11)",
            fix: "give each such CommandResults outputs_key_field",
            initialCommit
                + returning(
                    "    item = client.get_item(args.get('id'))\n"
                        + "    return CommandResults(outputs_prefix='Demo.Item', outputs=item, readable_output=tableToMarkdown('Item', item))"
                )),
        .failing(
            "outputs without outputs_key_field in a helper the command calls", pack: "Demo",
            reason: "CommandResults in to_results() returns outputs under outputs_prefix without outputs_key_field",
            initialCommit + [
                integration([("demo-get-item", ["id"])], parameters: server),
                ContentExample.code(
                    "def to_results(item):\n    return CommandResults('Demo.Item', None, item)\n\n\n"
                        + "def demo_get_item_command(client, args):\n    return to_results({'id': args.get('id')})\n\n\n"
                        + ContentExample.main(["demo-get-item"])),
            ]),
        .failing(
            "an output key with a dot", pack: "Demo",
            reason:
                "Demo.py:3: output key 'os.name' of the CommandResults in demo_get_item_command() has a dot (T12 (docs/xsoar-lifecycle.md#t12)",
            fix: "rename each such output key without spaces or dots",
            initialCommit
                + returning(
                    "    item = {'id': args.get('id')}\n    item['os.name'] = 'linux'\n"
                        + "    return CommandResults(outputs_prefix='Demo.Item', outputs_key_field='id', outputs=item)")),
        .failing(
            "an output key with a space", pack: "Demo",
            reason: "output key 'Last Seen' of the CommandResults in demo_get_item_command() has a space",
            initialCommit
                + returning(
                    "    return CommandResults(outputs_prefix='Demo.Item', outputs_key_field='id',\n"
                        + "                          outputs=[{'id': i, 'Last Seen': None} for i in argToList(args.get('id'))])")),
    ]
}
