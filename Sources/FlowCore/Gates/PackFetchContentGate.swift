import Foundation

/// `pack.fetch-content`: a pack whose integration fetches (`isfetch: true`) ships what rule S21
/// names: an incident type, incident fields (`id` is `incident_<cliName>`), a classifier
/// and an incoming mapper; where the `incidentType` parameter has a default, that type is one the
/// pack ships, the classifier routes to and the mapper maps (the rule shows a default only in an
/// example: the type is the instance's setting).
public enum PackFetchContentGate: Gate {
    public static let id = "pack.fetch-content"
    public static let summary =
        "a fetching integration's pack has its incident type (the incidentType default, when set), incident fields (id incident_<cliName>), classifier and incoming mapper"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S21",
            "a fetching integration's pack ships an incident type, incident fields, a classifier and an incoming mapper, and its YAML names the classifier and the mapper by their ids (the hidden `feedClassifier` / `feedMapper` parameters or `defaultclassifier` / `defaultmapperin`); an `incidentType` default names a shipped type",
            shownBy: [
                "fetching integration that ships nothing", "fetching integration that names no classifier nor mapper",
                "defaultmapperin names another mapper", "incidentType default names no type of the pack",
            ]),
        RuleClaim(
            "S23", "every incident field's `id` is `incident_<cliName>`; file name patterns are not checked",
            shownBy: ["field id not incident_<cliName>"]),
        RuleClaim(
            "T14", "a fetching integration ships its incident type, classifier and mapper",
            shownBy: ["fetching integration that ships nothing"]),
    ]

    /// The JSON objects of a pack folder, with their paths, sorted; unreadable JSON is a problem.
    static func objects(_ context: GateContext, _ folder: String, _ problems: inout [String]) -> [(path: String, json: [String: Any])] {
        guard let root = context.packDirectory else { return [] }
        var result: [(String, [String: Any])] = []
        for name in context.files.list("\(root)/\(folder)") ?? [] where name.hasSuffix(".json") {
            let path = "\(root)/\(folder)/\(name)"
            guard let bytes = context.files.read(path),
                let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
            else {
                problems.append("\(path) is not a JSON object")
                continue
            }
            result.append((path, object))
        }
        return result
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout, let root = context.packDirectory else {
            return .fail("no pack given", fix: "flow init --pack NAME")
        }
        var problems: [String] = []
        var fixes: [String] = []  // what to do, one entry per kind of problem, naming only what is missing or wrong
        let fields = objects(context, "IncidentFields", &problems)
        // S23: incident field "id: Must be incident_<cliname>".
        var badIDs = false
        for (path, field) in fields {
            let cliName = field["cliName"] as? String ?? ""
            if field["id"] as? String != "incident_\(cliName)" || cliName.isEmpty {
                problems.append(
                    "\(path): id is \"\(field["id"] as? String ?? "")\" but must be incident_<cliName> (\"incident_\(cliName)\")")
                badIDs = true
            }
        }
        if badIDs { fixes.append("set each listed incident field's id to incident_<cliName>") }
        // Only a unit whose YAML holds the text `isfetch` can fetch (a cheap look before parsing);
        // whether it does is the parsed value's to say (`isfetch: false` fetches nothing).
        let candidates = context.contentUnits().filter { unit in
            context.files.read(unit.yamlPath).map { TextScan.bytes($0, contain: "isfetch") } ?? false
        }
        var units: [LoadedUnit] = []
        if !candidates.isEmpty {
            switch context.loadUnits() {
            case .blocked(let outcome): return outcome
            case .units(let loaded): units = loaded.filter { $0.yaml.isFetch }
            }
        }
        if !units.isEmpty {
            let types = objects(context, "IncidentTypes", &problems)
            let typeNames = Set(types.compactMap { $0.json["name"] as? String })
            let classifiers = objects(context, "Classifiers", &problems)
            let fetchers = units.map(\.unit.name).joined(separator: ", ")
            var missing: [String] = []
            if types.isEmpty {
                problems.append(
                    "\(root)/IncidentTypes/ has no incident type JSON (\(LifecycleRule.cite("S21")): a fetching integration ships its incident type, IncidentTypes/incidenttype-<Name>.json)"
                )
                missing.append("IncidentTypes/incidenttype-<Name>.json")
            }
            if fields.isEmpty {
                problems.append(
                    "\(root)/IncidentFields/ has no incident field JSON (\(LifecycleRule.cite("S21")): incident fields for the integration's data)"
                )
                missing.append("IncidentFields/incidentfield-<Name>.json (id incident_<cliName>)")
            }
            let classifier = classifiers.first { $0.json["type"] as? String == "classification" }
            let mapper = classifiers.first { $0.json["type"] as? String == "mapping-incoming" }
            for unit in units {
                if classifier == nil {
                    problems.append(
                        "\(root)/Classifiers/ has no classifier (\"type\": \"classification\", classifier-\(unit.unit.name).json) for \(unit.unit.name)"
                    )
                    missing.append("Classifiers/classifier-\(unit.unit.name).json (\"type\": \"classification\")")
                }
                if mapper == nil {
                    problems.append(
                        "\(root)/Classifiers/ has no incoming mapper (\"type\": \"mapping-incoming\", classifier-mapper-incoming-\(unit.unit.name).json) for \(unit.unit.name)"
                    )
                    missing.append("Classifiers/classifier-mapper-incoming-\(unit.unit.name).json (\"type\": \"mapping-incoming\")")
                }
                // S21's checklist: the YAML names its classifier and incoming mapper, as demisto-sdk's
                // template does (defaultclassifier, defaultmapperin) or as hidden feedClassifier /
                // feedMapper parameters with defaults; a name the pack ships no such object for is wrong.
                let yml = unit.unit.yamlPath
                let links = [
                    ("classifier", "defaultclassifier", unit.yaml.defaultClassifier, "feedClassifier", "classification"),
                    ("incoming mapper", "defaultmapperin", unit.yaml.defaultMapperIn, "feedMapper", "mapping-incoming"),
                ]
                for (what, key, value, parameterName, kind) in links {
                    let ids = classifiers.filter { $0.json["type"] as? String == kind }.compactMap { $0.json["id"] as? String }
                    let named =
                        value.map { ($0.value, $0.line, key) }
                        ?? unit.yaml.parameter(parameterName).flatMap { p in
                            p.defaultValue.flatMap { $0.isEmpty ? nil : ($0, p.line, "the \(parameterName) default") }
                        }
                    guard let (name, line, source) = named, !name.isEmpty else {
                        problems.append(
                            "\(yml):\(unit.yaml.scriptLine): isfetch: true but the YAML names no \(what) (\(LifecycleRule.cite("S21")): \(key): <its id>, or a hidden \(parameterName) parameter defaulting to it)"
                        )
                        fixes.append("set \(key): \(ids.first ?? "<the \(what)'s id>") in \(yml)")
                        continue
                    }
                    if !ids.isEmpty && !ids.contains(name) {
                        problems.append(
                            "\(yml):\(line): \(source) is \"\(name)\", but the pack's \(what) id is \(ids.map { "\"\($0)\"" }.joined(separator: ", ")) (\(LifecycleRule.cite("S21")))"
                        )
                        fixes.append("make \(source) in \(yml) the \(what)'s id (\(ids.joined(separator: ", ")))")
                    }
                }
                // The incident type is the instance's setting; its default, where the YAML gives
                // one, must be a type the pack ships, routed to and mapped.
                guard let parameter = unit.yaml.parameter("incidentType"), let name = parameter.defaultValue, !name.isEmpty else {
                    continue
                }
                if !types.isEmpty && !typeNames.contains(name) {
                    problems.append(
                        "\(unit.unit.yamlPath):\(parameter.line): incidentType defaults to \"\(name)\", which no IncidentTypes JSON of the pack names (\(typeNames.sorted().joined(separator: ", ")))"
                    )
                    fixes.append(
                        "make the incidentType default in \(unit.unit.yamlPath) one of the pack's incident types (\(typeNames.sorted().joined(separator: ", ")))"
                    )
                }
                if let classifier, let fallback = classifier.json["defaultIncidentType"] as? String, fallback != name {
                    let routed = (classifier.json["keyTypeMap"] as? [String: Any])?.values.compactMap { $0 as? String } ?? []
                    if !routed.contains(name) {
                        problems.append("\(classifier.path): routes to \"\(fallback)\", never to the incidentType default \"\(name)\"")
                        fixes.append("route \(classifier.path) to \"\(name)\" (defaultIncidentType or keyTypeMap)")
                    }
                }
                if let mapper, (mapper.json["mapping"] as? [String: Any])?[name] == nil {
                    problems.append("\(mapper.path): \"mapping\" has no entry for the incident type \"\(name)\"")
                    fixes.append("add a \"\(name)\" entry under \"mapping\" in \(mapper.path)")
                }
            }
            if !missing.isEmpty {
                var seen: Set<String> = []
                let files = missing.filter { seen.insert($0).inserted }
                fixes.insert("add to \(root), for the fetching integration \(fetchers): \(files.joined(separator: ", "))", at: 0)
            }
        }
        if problems.contains(where: { $0.hasSuffix(" is not a JSON object") }) {
            fixes.insert("write each listed file as one JSON object", at: 0)
        }
        if problems.isEmpty {
            return .pass(
                units.isEmpty
                    ? "\(layout.pack): no fetching integration"
                    : "\(layout.pack): \(units.count) fetching integration(s) with their content")
        }
        return .fail(reasons: problems.map { "pack \(layout.pack): \($0)" }, fix: fixes.joined(separator: "; "))
    }

    static let type = #"{"id": "Demo Alert", "name": "Demo Alert", "version": -1, "fromVersion": "6.0.0"}"#
    static let field =
        #"{"id": "incident_demoalertid", "name": "Demo Alert ID", "cliName": "demoalertid", "type": "shortText", "associatedTypes": ["Demo Alert"]}"#
    static let classifier =
        #"{"id": "Demo", "name": "Demo - Classifier", "type": "classification", "defaultIncidentType": "Demo Alert", "keyTypeMap": {}, "transformer": {}}"#
    static let mapper =
        #"{"id": "Demo-mapper", "name": "Demo - Incoming Mapper", "type": "mapping-incoming", "mapping": {"Demo Alert": {"internalMapping": {}}}}"#

    static let links = "defaultclassifier: Demo\ndefaultmapperin: Demo-mapper\n"

    static func pack(
        type: String = type, field: String = field, mapper: String? = mapper, defaultType: String? = "Demo Alert", links: String = links,
        parameters: [(String, String?)] = []
    )
        -> [RepoStep]
    {
        var steps =
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(
                        commands: [("demo-say", ["name"])],
                        parameters: [("url", nil), ("incidentType", defaultType), ("max_fetch", "50"), ("first_fetch", "3 days")]
                            + parameters,
                        script: "  isfetch: true\n") + links),
                PackExample.file("IncidentTypes/incidenttype-Demo_Alert.json", type),
                PackExample.file("IncidentFields/incidentfield-Demo_AlertID.json", field),
                PackExample.file("Classifiers/classifier-Demo.json", classifier),
            ]
        if let mapper { steps.append(PackExample.file("Classifiers/classifier-mapper-incoming-Demo.json", mapper)) }
        return steps
    }

    public static let examples: [GateExample] = [
        .passing("fetch with its content", pack: "Demo", pack()),
        .passing(
            "no fetch, no content needed", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])]))
            ]),
        // A 2020 integration that kept the key with fetching switched off (pack.fetch counts 0 fetching integrations).
        .passing(
            "isfetch: false fetches nothing", pack: "Demo",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(
                        commands: [("demo-say", ["name"])],
                        parameters: [("url", nil), ("incidentType", nil)], script: "  isfetch: false\n"))
            ]),
        // The incident type is chosen at configuration time: the default is only the rules' example.
        .passing("type, fields, classifier and mapper shipped, incidentType without a default", pack: "Demo", pack(defaultType: nil)),
        .failing(
            "fetching integration that ships nothing", pack: "Demo", reason: "Packs/Demo/IncidentTypes/ has no incident type JSON",
            fix: "IncidentTypes/incidenttype-<Name>.json",
            initialCommit + [
                ContentExample.yaml(
                    ContentExample.integration(
                        commands: [("demo-say", ["name"])],
                        parameters: [("url", nil), ("incidentType", nil), ("max_fetch", "50"), ("first_fetch", "3 days")],
                        script: "  isfetch: true\n"))
            ]),
        .failing(
            "incidentType default names no type of the pack", pack: "Demo",
            reason: "incidentType defaults to \"Demo Event\", which no IncidentTypes JSON", pack(defaultType: "Demo Event")),
        .failing(
            "field id not incident_<cliName>", pack: "Demo", reason: "must be incident_<cliName> (\"incident_demoalertid\")",
            pack(field: field.replacingOccurrences(of: "incident_demoalertid", with: "demoalertid"))),
        .failing(
            "fetching integration that names no classifier nor mapper", pack: "Demo",
            reason: "Demo.yml:31: isfetch: true but the YAML names no classifier (S21", fix: "set defaultclassifier: Demo in",
            pack(links: "")),
        .failing(
            "defaultmapperin names another mapper", pack: "Demo",
            reason: "Demo.yml:44: defaultmapperin is \"Demo-incoming\", but the pack's incoming mapper id is \"Demo-mapper\"",
            pack(links: "defaultclassifier: Demo\ndefaultmapperin: Demo-incoming\n")),
        .passing(
            "classifier and mapper named by hidden feedClassifier and feedMapper parameters", pack: "Demo",
            pack(links: "", parameters: [("feedClassifier", "Demo"), ("feedMapper", "Demo-mapper")])),
        .failing(
            "no incoming mapper: the fix names only the mapper", pack: "Demo", reason: "has no incoming mapper",
            fix: "Classifiers/classifier-mapper-incoming-Demo.json", fixOmits: "IncidentTypes/", pack(mapper: nil)),
    ]
}
