import Foundation

/// `docs.description-params`: a configuration parameter added to an integration's YAML (against
/// the merge-base with main) is explained in its `_description.md`, by display name or name (S17:
/// "Update _description.md if config changed"). The parameters every integration has are exempt.
public enum DocsDescriptionParamsGate: Gate {
    public static let id = "docs.description-params"
    public static let summary = "each configuration parameter added since main is named in the integration's _description.md"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S17",
            "each configuration parameter added since the merge-base with main (all of a new integration's) is named in its `_description.md`",
            shownBy: ["new parameter not explained"])
    ]

    /// Parameters the platform explains itself (connection, proxy, certificate, the fetch settings).
    public static let standard: Set<String> = [
        "url", "server", "credentials", "apikey", "api_key", "insecure", "unsecure", "proxy", "isFetch", "incidentType",
        "incidentFetchInterval", "max_fetch", "first_fetch", "feed", "feedReputation", "feedReliability", "feedExpirationPolicy",
        "feedExpirationInterval", "feedFetchInterval", "feedBypassExclusionList", "feedTags", "tlp_color", "longRunning",
        "longRunningPort", "isFetchEvents", "eventFetchInterval", "max_events_per_fetch",
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded.filter { $0.yaml.isIntegration }
        }
        var problems: [String] = []
        var firstFile: String?
        for unit in units {
            // A new integration's parameters are all added; so are they all when git or the old
            // YAML cannot answer (no debt may excuse a parameter that might be new).
            let known: Set<String>
            if case .yaml(let old) = context.yamlAtBase(unit) { known = Set(old.parameters.map(\.name)) } else { known = [] }
            let added = unit.yaml.parameters.filter { !known.contains($0.name) && !standard.contains($0.name) }
            guard !added.isEmpty else { continue }
            let path = "\(unit.unit.directory)/\(unit.unit.name)_description.md"
            let text = context.files.read(path).map { String(decoding: $0, as: UTF8.self).lowercased() } ?? ""
            let displays = displayNames(unit)
            for parameter in added {
                let display = displays[parameter.name] ?? parameter.name
                if text.contains(display.lowercased()) || text.contains(parameter.name.lowercased()) { continue }
                problems.append(
                    "\(unit.unit.yamlPath):\(parameter.line): parameter \(parameter.name) (\"\(display)\") was added but \(path) does not explain it"
                )
                firstFile = firstFile ?? path
            }
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix: "explain each new parameter (by its display name) in \(firstFile ?? "the _description.md"): what it does and what to enter"
        )
    }

    /// `display` of each configuration parameter, by name.
    static func displayNames(_ unit: LoadedUnit) -> [String: String] {
        unit.yaml.parameters.reduce(into: [:]) { result, parameter in
            if let display = parameter.display { result[parameter.name] = display }
        }
    }

    static func yaml(_ parameters: [(String, String?)]) -> RepoStep {
        ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])], parameters: parameters))
    }

    static let description = RepoStep.write("\(ContentExample.dir)/Demo_description.md", "## Demo\n\nEnter the URL of your Demo server.\n")

    public static let examples: [GateExample] = [
        .passing("standard parameters only", pack: "Demo", initialCommit + [yaml([("url", nil), ("proxy", nil)]), description]),
        .passing(
            "new parameter explained", pack: "Demo",
            initialCommit + [
                yaml([("url", nil), ("region", nil)]),
                .write("\(ContentExample.dir)/Demo_description.md", "## Demo\n\nregion: the Demo region your account lives in (us, eu).\n"),
            ]),
        .passing(
            "parameter there before the branch", pack: "Demo",
            initialCommit + [
                yaml([("url", nil), ("region", nil)]), description,
                .stage(["Packs"]), .commit("on main"), .branch("feature/x"),
            ]),
        .failing(
            "new parameter not explained", pack: "Demo",
            reason: "parameter region (\"region\") was added but Packs/Demo/Integrations/Demo/Demo_description.md does not explain it",
            initialCommit + [
                yaml([("url", nil)]), description, .stage(["Packs"]), .commit("on main"), .branch("feature/x"),
                yaml([("url", nil), ("region", nil)]),
            ]),
    ]
}
