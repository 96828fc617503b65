import FlowCore
import Foundation
import Yams

/// A problem in an input file, located to line and column.
public struct Diagnostic: Equatable, Sendable, Codable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public var description: String { "\(location): \(message)" }
}

/// The workflow file could not be used; every problem found is listed.
public struct WorkflowProblems: Error, CustomStringConvertible {
    public let file: String
    public let diagnostics: [Diagnostic]

    public var description: String {
        (["workflow \(file) has \(diagnostics.count) problem(s):"] + diagnostics.map { "  \($0)" }).joined(separator: "\n")
            + "\n  fix: correct the file; `flow workflow lint \(file)` checks it again"
    }

    public var asFlowError: FlowError { FlowError(.invalidInput, description) }
}

/// Reads workflow YAML into the model, keeping every node's line and column so each problem is
/// reported where it is.
public enum WorkflowLoader {
    /// Larger files are refused before parsing; a workflow is a page of YAML.
    public static let maximumBytes = 1 << 20
    /// The keys each level of a workflow file may have (Workflows/workflow.schema.json says the same; a test compares).
    public static let workflowKeys: Set<String> = ["schema", "id", "title", "description", "extends", "phases"]
    public static let phaseKeys: Set<String> = ["id", "title", "summary", "gates", "action", "transitions", "role"]
    /// What a phase of a workflow that `extends:` a shipped one may say besides `phaseKeys`.
    public static let extensionKeys: Set<String> = ["add", "drop", "remove", "after"]
    public static let actionKeys: Set<String> = [
        "check", "run", "also", "env", "stubs", "timeout", "perPack", "requires", "findings", "fix",
    ]

    public static func load(file path: String) throws -> Workflow {
        let (workflow, diagnostics) = lint(file: path)
        if let workflow, diagnostics.isEmpty { return workflow }
        throw WorkflowProblems(file: path, diagnostics: diagnostics).asFlowError
    }

    /// A workflow from text (a shipped one compiled into flow), its problems reported under `file`.
    public static func load(data: Data, file: String) throws -> Workflow {
        let (workflow, diagnostics) = lint(data: data, file: file)
        if let workflow, diagnostics.isEmpty { return workflow }
        throw WorkflowProblems(file: file, diagnostics: diagnostics).asFlowError
    }

    public static func lint(file path: String) -> (Workflow?, [Diagnostic]) {
        // Refused by its size before it is read, so a huge file costs no memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            return (
                nil,
                [
                    Diagnostic(
                        location: SourceLocation(file: path, line: 1, column: 1),
                        message: "file is \(size) bytes; a workflow may be at most \(maximumBytes)")
                ]
            )
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (
                nil,
                [
                    Diagnostic(
                        location: SourceLocation(file: path, line: 0, column: 0),
                        message: "is a directory, not a workflow file")
                ]
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                nil,
                [
                    Diagnostic(
                        location: SourceLocation(file: path, line: 0, column: 0),
                        message: "cannot read the file (missing or not readable)")
                ]
            )
        }
        return lint(data: data, file: path)
    }

    public static func lint(data: Data, file: String) -> (Workflow?, [Diagnostic]) {
        parsed.answer(data, file) {
            var parser = Parser(file: file)
            let workflow = parser.parse(data)
            return (workflow, parser.diagnostics)
        }
    }

    /// Each workflow text is parsed once per process: `flow verify` reads the base's rules and the
    /// tip's, and every `extends:` reads the shipped workflow it names, most often the same bytes
    /// (a parse is a few milliseconds of YAML, most of a CI plan's time).
    private static let parsed = ParsedTexts()

    final class ParsedTexts: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [String: [Data: (Workflow?, [Diagnostic])]] = [:]

        func answer(_ data: Data, _ file: String, _ parse: () -> (Workflow?, [Diagnostic])) -> (Workflow?, [Diagnostic]) {
            lock.lock()
            if let known = answers[file]?[data] {
                lock.unlock()
                return known
            }
            lock.unlock()
            let answer = parse()
            lock.lock()
            answers[file, default: [:]][data] = answer
            lock.unlock()
            return answer
        }
    }

    struct Parser {
        let file: String
        var diagnostics: [Diagnostic] = []

        init(file: String) { self.file = file }

        mutating func report(_ node: Node?, _ message: String) {
            let mark = node?.mark
            diagnostics.append(
                Diagnostic(
                    location: SourceLocation(
                        file: file, line: mark?.line ?? 1,
                        column: mark?.column ?? 1), message: message))
        }

        func location(_ node: Node?) -> SourceLocation? {
            node?.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        }

        mutating func parse(_ data: Data) -> Workflow? {
            guard data.count <= WorkflowLoader.maximumBytes else {
                report(nil, "file is \(data.count) bytes; a workflow may be at most \(WorkflowLoader.maximumBytes)")
                return nil
            }
            guard let text = String(data: data, encoding: .utf8) else {
                report(nil, "file is not UTF-8 text")
                return nil
            }
            let root: Node?
            do {
                // Scalars are read as text (`bool`, `checkedInt` decide their types), so keys are
                // compared without Yams' default resolver and its regular expressions.
                root = try YAMLDepthGuard.compose(text, resolver: .basic)
            } catch {
                let at = SourceLocation(file: file, line: error.line ?? 1, column: error.column ?? 1)
                switch error.kind {
                case .tooDeep: diagnostics.append(Diagnostic(location: at, message: "\(error.message): a workflow is a shallow document"))
                case .syntax: diagnostics.append(Diagnostic(location: at, message: "YAML syntax: \(error.message)"))
                case .other: report(nil, "YAML: \(error.message)")
                }
                return nil
            }
            guard let root else {
                report(nil, "the file is empty: a workflow needs `id` and `phases`")
                return nil
            }
            guard let top = root.mapping else {
                report(root, "a workflow is a mapping with `id`, `title` and `phases`")
                return nil
            }
            checkKeys(top, allowed: WorkflowLoader.workflowKeys)
            if let schema = top["schema"], schema.checkedInt != 1 {
                report(schema, "unsupported workflow schema \(schema.string ?? "?"): this flow reads schema 1")
            }
            let id = requiredString(top, "id", in: root) ?? "?"
            let title = top["title"]?.string ?? id
            if let extends = top["extends"] {
                return parseExtension(of: extends, top: top, id: id, title: top["title"]?.string)
            }
            guard let phasesNode = top["phases"] else {
                report(root, "missing `phases`")
                return nil
            }
            guard let sequence = phasesNode.sequence, !sequence.isEmpty else {
                report(phasesNode, "`phases` must be a non-empty list")
                return nil
            }
            var phases: [Phase] = []
            var seen: [String: SourceLocation] = [:]
            for node in sequence {
                guard let phase = parsePhase(node) else { continue }
                if let first = seen[phase.id] {
                    report(node, "duplicate phase id \(phase.id) (first defined at \(first.line):\(first.column))")
                    continue
                }
                seen[phase.id] = phase.location
                phases.append(phase)
            }
            let workflow = Workflow(id: id, title: title, phases: phases, source: file)
            for (index, node) in sequence.enumerated() {
                guard let mapping = node.mapping, let transitions = mapping["transitions"]?.sequence else { continue }
                for target in transitions where workflow.phase(target.string ?? "") == nil {
                    report(
                        target,
                        "transition to unknown phase \(target.string ?? "?") from phase \(index < phases.count ? phases[index].id : "?")")
                }
            }
            return checked(workflow)
        }

        /// What every workflow must be, however it was written: each phase reachable, each role
        /// once and where the commands need it.
        mutating func checked(_ workflow: Workflow) -> Workflow {
            let phases = workflow.phases
            let reachable = workflow.reachablePhases()
            for phase in phases where !reachable.contains(phase.id) {
                diagnostics.append(
                    Diagnostic(
                        location: phase.location ?? SourceLocation(file: file, line: 1, column: 1),
                        message: "phase \(phase.id) is unreachable from \(phases.first?.id ?? "the first phase")"))
            }
            checkRoles(workflow)
            return workflow
        }

        /// Each role once, and what the commands behind the roles need of the workflow.
        mutating func checkRoles(_ workflow: Workflow) {
            func at(_ phase: Phase) -> SourceLocation { phase.location ?? SourceLocation(file: file, line: 1, column: 1) }
            var first: [PhaseRole: Phase] = [:]
            for phase in workflow.phases {
                guard let role = phase.role else { continue }
                if let earlier = first[role] {
                    let location = at(earlier)
                    diagnostics.append(
                        Diagnostic(
                            location: at(phase),
                            message: "role \(role.rawValue) is declared twice: by phase "
                                + "\(earlier.id) (\(location.line):\(location.column)) and phase \(phase.id); a role belongs to one phase"))
                } else {
                    first[role] = phase
                }
            }
            if let build = first[.build] {
                if let release = first[.release] {
                    if !workflow.reachable(build.id, from: release.id) {
                        diagnostics.append(
                            Diagnostic(
                                location: at(build),
                                message: "the build phase \(build.id) cannot be reached "
                                    + "from the release phase \(release.id): flow build zips the tagged release, so it comes after it"))
                    }
                } else {
                    diagnostics.append(
                        Diagnostic(
                            location: at(build),
                            message: "phase \(build.id) has role build but no phase has "
                                + "role release: flow build zips only a tagged release; add `role: release` to the phase that tags it"))
                }
            }
            if let create = first[.create], let start = first[.featureStart],
                let c = workflow.index(of: create.id), let s = workflow.index(of: start.id), c >= s
            {
                diagnostics.append(
                    Diagnostic(
                        location: at(create),
                        message: "the create phase \(create.id) must come before "
                            + "the feature-start phase \(start.id): a feature branch starts after the pack exists"))
            }
        }

        mutating func parsePhase(_ node: Node, extending: Bool = false) -> Phase? {
            guard let mapping = node.mapping else {
                report(node, "a phase is a mapping with `id`, `title`, `gates`")
                return nil
            }
            checkKeys(mapping, allowed: extending ? WorkflowLoader.phaseKeys.union(["after"]) : WorkflowLoader.phaseKeys)
            guard let id = requiredString(mapping, "id", in: node) else { return nil }
            var gates: [GateUse] = []
            if let gatesNode = mapping["gates"] {
                if let list = gatesNode.sequence {
                    gates = list.compactMap { parseGate($0, phase: id) }
                } else {
                    report(gatesNode, "`gates` of phase \(id) must be a list")
                }
            }
            var action: PhaseAction?
            if let actionNode = mapping["action"] {
                action = parseAction(actionNode, phase: id)
                if let required = action?.requires {
                    let node = actionNode.mapping?["requires"]
                    for gate in required where !gates.contains(where: { $0.id == gate }) {
                        report(node, "`requires` of the action of phase \(id) names \(gate), which is not a gate of that phase")
                    }
                }
            }
            var transitions: [String]?
            if let t = mapping["transitions"] {
                if let list = t.sequence {
                    transitions = list.compactMap(\.string)
                } else {
                    report(t, "`transitions` of phase \(id) must be a list of phase ids")
                }
            }
            var role: PhaseRole?
            if let roleNode = mapping["role"] {
                if let name = roleNode.string, let known = PhaseRole(rawValue: name) {
                    role = known
                } else {
                    report(
                        roleNode,
                        "unknown role \(roleNode.string ?? "?") of phase \(id) (known: \(PhaseRole.names.joined(separator: ", ")))")
                }
            }
            return Phase(
                id: id, title: mapping["title"]?.string ?? id, summary: mapping["summary"]?.string,
                gates: gates, action: action, transitions: transitions, role: role, location: location(node))
        }

        mutating func parseGate(_ node: Node, phase: String) -> GateUse? {
            let id: String
            var params: [String: ParamValue] = [:]
            var withNode: Node?
            if let name = node.scalar?.string {
                id = name
            } else if let mapping = node.mapping {
                checkKeys(mapping, allowed: ["id", "with"])
                guard let name = requiredString(mapping, "id", in: node) else { return nil }
                id = name
                if let with = mapping["with"] {
                    withNode = with
                    guard let pairs = with.mapping else {
                        report(with, "`with` of gate \(id) must be a mapping of parameters")
                        return nil
                    }
                    for (key, value) in pairs {
                        guard let k = key.string else { continue }
                        guard let v = paramValue(value) else {
                            report(value, "parameter \(k) of gate \(id) must be a string, number, boolean or list")
                            continue
                        }
                        params[k] = v
                    }
                }
            } else {
                report(node, "a gate is a gate id, or a mapping with `id` and `with`")
                return nil
            }
            guard let gate = GateRegistry.gate(id) else {
                report(node, "unknown gate id \(id) in phase \(phase) (known: \(GateRegistry.ids.joined(separator: ", ")))")
                return nil
            }
            let known = Set(gate.parameters.map(\.name))
            for key in params.keys.sorted() where !known.contains(key) {
                let list = known.isEmpty ? "it takes none" : "known: \(known.sorted().joined(separator: ", "))"
                report(withNode ?? node, "unknown parameter \(key) for gate \(id) (\(list))")
            }
            for parameter in gate.parameters where parameter.required && params[parameter.name] == nil {
                report(node, "gate \(id) needs parameter \(parameter.name): \(parameter.summary)")
            }
            return GateUse(id: id, params: GateParams(params), location: location(node))
        }

        mutating func parseAction(_ node: Node, phase: String) -> PhaseAction? {
            guard let mapping = node.mapping else {
                report(node, "`action` of phase \(phase) must be a mapping with `run`")
                return nil
            }
            checkKeys(mapping, allowed: WorkflowLoader.actionKeys)
            guard let run = argv(mapping["run"]) else {
                report(mapping["run"] ?? node, "`run` of the action of phase \(phase) must be a non-empty argv list")
                return nil
            }
            let also = argvList(mapping["also"], key: "also", phase: phase)
            var environment: [String: String] = [:]
            if let envNode = mapping["env"] {
                if let pairs = envNode.mapping {
                    for (key, value) in pairs {
                        guard let name = key.string, !name.isEmpty, !name.contains("="),
                            name.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "_" || CharacterSet.alphanumerics.contains($0)) })
                        else {
                            report(key, "`env` names must be letters, digits and _")
                            continue
                        }
                        guard value.scalar != nil else {
                            report(value, "`env` value of \(name) must be a string")
                            continue
                        }
                        environment[name] = value.scalar?.string
                    }
                } else {
                    report(envNode, "`env` of the action of phase \(phase) must be a mapping of NAME: value")
                }
            }
            var stubs: [String] = []
            if let stubsNode = mapping["stubs"] {
                if let list = stubsNode.sequence {
                    for item in list {
                        guard let path = item.string, !path.isEmpty, !path.hasPrefix("/"),
                            !path.split(separator: "/").contains("..")
                        else {
                            report(item, "each entry of `stubs` must be a path inside the repository")
                            continue
                        }
                        stubs.append(path)
                    }
                } else {
                    report(stubsNode, "`stubs` of the action of phase \(phase) must be a list of file paths")
                }
            }
            var timeout = 600
            if let t = mapping["timeout"] {
                if let value = t.checkedInt, value > 0 {
                    timeout = value
                } else {
                    report(t, "`timeout` must be a positive number of seconds")
                }
            }
            let perPack = mapping["perPack"]?.bool ?? true
            if mapping["check"] != nil, !perPack {
                report(mapping["perPack"] ?? node, "`check` keeps evidence per pack: the action of phase \(phase) needs perPack: true")
            }
            var requires: [String] = []
            if let requiresNode = mapping["requires"] {
                if let list = requiresNode.sequence, list.allSatisfy({ $0.string?.isEmpty == false }) {
                    requires = list.compactMap(\.string)
                } else {
                    report(requiresNode, "`requires` of the action of phase \(phase) must be a list of gate ids of that phase")
                }
            }
            var findings: FindingsScope?
            if let findingsNode = mapping["findings"] {
                if let value = findingsNode.string.flatMap(FindingsScope.init(rawValue:)) {
                    findings = value
                } else {
                    report(
                        findingsNode,
                        "`findings` of the action of phase \(phase) must be one of: "
                            + FindingsScope.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            let fix = argvList(mapping["fix"], key: "fix", phase: phase)
            if findings != nil || !fix.isEmpty, mapping["check"] == nil {
                report(
                    mapping["findings"] ?? mapping["fix"] ?? node,
                    "`findings` and `fix` belong to a check: the action of phase \(phase) needs `check:`")
            }
            return PhaseAction(
                check: mapping["check"]?.string, run: run, also: also, environment: environment,
                stubs: stubs, timeoutSeconds: timeout, perPack: perPack, requires: requires,
                findings: findings, fix: fix)
        }

        /// A list of argv lists (`also`, `fix`); each problem reported where it is.
        mutating func argvList(_ node: Node?, key: String, phase: String) -> [[String]] {
            guard let node else { return [] }
            guard let list = node.sequence else {
                report(node, "`\(key)` of the action of phase \(phase) must be a list of argv lists")
                return []
            }
            var commands: [[String]] = []
            for item in list {
                if let command = argv(item) {
                    commands.append(command)
                } else {
                    report(item, "each entry of `\(key)` in phase \(phase) must be a non-empty argv list")
                }
            }
            return commands
        }

        /// A non-empty list of strings; nil for anything else.
        func argv(_ node: Node?) -> [String]? {
            guard let list = node?.sequence, !list.isEmpty else { return nil }
            let items = list.compactMap { $0.scalar?.string }
            return items.count == list.count ? items : nil
        }

        func paramValue(_ node: Node) -> ParamValue? {
            if let list = node.sequence {
                let items = list.compactMap(paramValue)
                return items.count == list.count ? .list(items) : nil
            }
            guard let scalar = node.scalar else { return nil }
            if scalar.style == .plain {
                if let b = node.bool { return .bool(b) }
                if let i = node.checkedInt { return .int(i) }
            }
            return .string(scalar.string)
        }

        mutating func requiredString(_ mapping: Node.Mapping, _ key: String, in node: Node) -> String? {
            guard let value = mapping[key] else {
                report(node, "missing `\(key)`")
                return nil
            }
            guard let text = value.string, !text.isEmpty else {
                report(value, "`\(key)` must be a non-empty string")
                return nil
            }
            return text
        }

        mutating func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>) {
            for key in mapping.keys {
                guard let name = key.string else { continue }
                if !allowed.contains(name) {
                    report(key, "unknown key `\(name)` (allowed: \(allowed.sorted().joined(separator: ", ")))")
                }
            }
        }
    }
}
