/// `pack.integration-conventions`: an integration's YAML follows the design tutorial's naming and
/// parameter rules: an integration that reaches a server (a `url`/`server` parameter) has the
/// `proxy` and `insecure` parameters (T4); its commands are `vendor-action-object` in kebab-case,
/// all with the same vendor prefix (T10); its context paths are `Vendor.Entity...` with no space
/// in a key (T11, T12). XSOAR's own commands (test-module, fetch-incidents…) are not named by the
/// integration and are left alone.
public enum PackIntegrationConventionsGate: Gate {
    public static let id = "pack.integration-conventions"
    public static let summary =
        "proxy and insecure parameters where a server is reached; commands vendor-action-object in kebab-case with one vendor prefix; context paths Vendor.Entity with no space in a key"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "T4", "an integration with a `url`/`server` parameter has `proxy` and `insecure` parameters",
            shownBy: ["no proxy or insecure parameter"]),
        RuleClaim(
            "T10",
            "commands in kebab-case with at least two parts and one vendor prefix across the integration; a single command without a prefix is not seen",
            shownBy: ["a command not in kebab-case", "a command without the vendor prefix"]),
        RuleClaim(
            "S67", "command names as [T10](#t10) says, context paths as [T11](#t11) and [T12](#t12) say",
            shownBy: ["a command without the vendor prefix", "a context path with a space"]),
        RuleClaim(
            "T11", "every context path has a prefix (`Vendor.Entity`); `outputs_key_field` is not checked",
            shownBy: ["a context path with a space"]),
        RuleClaim(
            "T12", "no space or empty key in a context path; dots are the separator, so a dot inside a key is not seen",
            shownBy: ["a context path with a space"]),
    ]

    static func isKebab(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 2
            && parts.allSatisfy { part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        var problems: [String] = []
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
            let own = yaml.commands.filter { !IntegrationYAML.builtInCommands.contains($0.name) }
            for command in own where !isKebab(command.name) {
                problems.append(
                    "\(yml):\(command.line): command \(command.name) is not vendor-action-object in kebab-case (\(LifecycleRule.cite("T10")))"
                )
            }
            let prefixes = Set(own.filter { isKebab($0.name) }.map { String($0.name.split(separator: "-")[0]) })
            if prefixes.count > 1, let first = own.first(where: { isKebab($0.name) }) {
                let vendor = String(first.name.split(separator: "-")[0])
                for command in own where isKebab(command.name) && !command.name.hasPrefix(vendor + "-") {
                    problems.append(
                        "\(yml):\(command.line): command \(command.name) does not start with the vendor prefix \(vendor)- of \(first.name) (\(LifecycleRule.cite("T10")))"
                    )
                }
            }
            for command in own {
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
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix:
                "rename or add what each line names in the integration's YAML (and its code and README with it), as \(LifecycleRule.cite("T10")) shows: !vendor-action-object, Vendor.Entity.Field, proxy and insecure parameters"
        )
    }

    static func integration(_ commands: [(String, [String])], parameters: [(String, String?)]) -> RepoStep {
        ContentExample.yaml(ContentExample.integration(commands: commands, parameters: parameters))
    }

    static let server: [(String, String?)] = [("url", nil), ("proxy", nil), ("insecure", nil)]

    public static let examples: [GateExample] = [
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
    ]
}
