import Foundation

/// `pack.fetch-content`: a pack whose integration fetches ships what rule S21 names —
/// an incident type (the `incidentType` parameter's default names it), incident fields
/// (`id` is `incident_<cliName>`), a classifier and an incoming mapper keyed by that type.
public enum PackFetchContentGate: Gate {
    public static let id = "pack.fetch-content"
    public static let summary = "a fetching integration's pack has its incident type (the incidentType default), incident fields (id incident_<cliName>), classifier and incoming mapper"
    public static let scope = GateScope.pack

    /// The JSON objects of a pack folder, with their paths, sorted; unreadable JSON is a problem.
    static func objects(_ context: GateContext, _ folder: String, _ problems: inout [String]) -> [(path: String, json: [String: Any])] {
        guard let root = context.packDirectory else { return [] }
        var result: [(String, [String: Any])] = []
        for name in context.files.list("\(root)/\(folder)") ?? [] where name.hasSuffix(".json") {
            let path = "\(root)/\(folder)/\(name)"
            guard let bytes = context.files.read(path),
                  let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                problems.append("\(path) is not a JSON object")
                continue
            }
            result.append((path, object))
        }
        return result
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout, let root = context.packDirectory else { return .fail("no pack given", fix: "flow init --pack NAME") }
        var problems: [String] = []
        let fields = objects(context, "IncidentFields", &problems)
        // S23: incident field "id: Must be incident_<cliname>".
        for (path, field) in fields {
            let cliName = field["cliName"] as? String ?? ""
            if field["id"] as? String != "incident_\(cliName)" || cliName.isEmpty {
                problems.append("\(path): id is \"\(field["id"] as? String ?? "")\" but must be incident_<cliName> (\"incident_\(cliName)\")")
            }
        }
        // Only a unit whose YAML names `isfetch` can fetch; which ones do is the parsed YAML's to say.
        let fetching = context.contentUnits().filter { unit in
            context.files.read(unit.yamlPath).map { TextScan.bytes($0, contain: "isfetch") } ?? false
        }
        if !fetching.isEmpty {
            let units: [LoadedUnit]
            switch context.loadUnits() {
            case .blocked(let outcome): return outcome
            case .units(let loaded): units = loaded.filter { $0.yaml.isFetch }
            }
            let types = objects(context, "IncidentTypes", &problems)
            let typeNames = Set(types.compactMap { $0.json["name"] as? String })
            let classifiers = objects(context, "Classifiers", &problems)
            if types.isEmpty {
                problems.append("\(root)/IncidentTypes/ has no incident type JSON (\(LifecycleRule.cite("S21")): a fetching integration ships its incident type, IncidentTypes/incidenttype-<Name>.json)")
            }
            if fields.isEmpty {
                problems.append("\(root)/IncidentFields/ has no incident field JSON (\(LifecycleRule.cite("S21")): incident fields for the integration's data)")
            }
            for unit in units {
                guard let parameter = unit.yaml.parameter("incidentType") else { continue }  // pack.fetch reports it
                guard let name = parameter.defaultValue, !name.isEmpty else {
                    problems.append("\(unit.unit.yamlPath):\(parameter.line): incidentType has no defaultvalue naming the pack's incident type")
                    continue
                }
                if !types.isEmpty && !typeNames.contains(name) {
                    problems.append("\(unit.unit.yamlPath):\(parameter.line): incidentType defaults to \"\(name)\", which no IncidentTypes JSON of the pack names (\(typeNames.sorted().joined(separator: ", ")))")
                }
                let classifier = classifiers.first { $0.json["type"] as? String == "classification" }
                if classifier == nil {
                    problems.append("\(root)/Classifiers/ has no classifier (\"type\": \"classification\", classifier-\(unit.unit.name).json) for \(unit.unit.name)")
                } else if let classifier, let fallback = classifier.json["defaultIncidentType"] as? String, fallback != name {
                    let routed = (classifier.json["keyTypeMap"] as? [String: Any])?.values.compactMap { $0 as? String } ?? []
                    if !routed.contains(name) {
                        problems.append("\(classifier.path): routes to \"\(fallback)\", never to the incidentType default \"\(name)\"")
                    }
                }
                let mapper = classifiers.first { $0.json["type"] as? String == "mapping-incoming" }
                if mapper == nil {
                    problems.append("\(root)/Classifiers/ has no incoming mapper (\"type\": \"mapping-incoming\", classifier-mapper-incoming-\(unit.unit.name).json) for \(unit.unit.name)")
                } else if let mapper, (mapper.json["mapping"] as? [String: Any])?[name] == nil {
                    problems.append("\(mapper.path): \"mapping\" has no entry for the incident type \"\(name)\"")
                }
            }
        }
        if problems.isEmpty { return .pass() }
        return .fail(reasons: problems.map { "pack \(layout.pack): \($0)" },
                     fix: "add the files of the Fetch Integration Checklist, \(LifecycleRule.cite("S21")), to \(root): IncidentTypes/, IncidentFields/ (id incident_<cliName>), Classifiers/ with a classifier and an incoming mapper, all naming the incidentType default")
    }

    static let type = #"{"id": "Demo Alert", "name": "Demo Alert", "version": -1, "fromVersion": "6.0.0"}"#
    static let field = #"{"id": "incident_demoalertid", "name": "Demo Alert ID", "cliName": "demoalertid", "type": "shortText", "associatedTypes": ["Demo Alert"]}"#
    static let classifier = #"{"id": "Demo", "name": "Demo - Classifier", "type": "classification", "defaultIncidentType": "Demo Alert", "keyTypeMap": {}, "transformer": {}}"#
    static let mapper = #"{"id": "Demo-mapper", "name": "Demo - Incoming Mapper", "type": "mapping-incoming", "mapping": {"Demo Alert": {"internalMapping": {}}}}"#

    static func pack(type: String = type, field: String = field, mapper: String? = mapper, defaultType: String = "Demo Alert") -> [RepoStep] {
        var steps = initialCommit + [
            ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])],
                                                           parameters: [("url", nil), ("incidentType", defaultType), ("max_fetch", "50"), ("first_fetch", "3 days")],
                                                           script: "  isfetch: true\n")),
            PackExample.file("IncidentTypes/incidenttype-Demo_Alert.json", type),
            PackExample.file("IncidentFields/incidentfield-Demo_AlertID.json", field),
            PackExample.file("Classifiers/classifier-Demo.json", classifier),
        ]
        if let mapper { steps.append(PackExample.file("Classifiers/classifier-mapper-incoming-Demo.json", mapper)) }
        return steps
    }

    public static let examples: [GateExample] = [
        .passing("fetch with its content", pack: "Demo", pack()),
        .passing("no fetch, no content needed", pack: "Demo", initialCommit + [
            ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])])),
        ]),
        .failing("incidentType default names no type of the pack", pack: "Demo", reason: "incidentType defaults to \"Demo Event\", which no IncidentTypes JSON", pack(defaultType: "Demo Event")),
        .failing("field id not incident_<cliName>", pack: "Demo", reason: "must be incident_<cliName> (\"incident_demoalertid\")",
                 pack(field: field.replacingOccurrences(of: "incident_demoalertid", with: "demoalertid"))),
        .failing("no incoming mapper", pack: "Demo", reason: "has no incoming mapper", pack(mapper: nil)),
    ]
}
