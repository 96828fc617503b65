/// A parameter value given to a gate or action in a workflow file.
public enum ParamValue: Equatable, Sendable, Codable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([ParamValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            self = .list(try c.decode([ParamValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .list(let l): try c.encode(l)
        }
    }

    public var text: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return String(b)
        case .list(let l): return l.map(\.text).joined(separator: " ")
        }
    }
}

/// The parameters of one gate use, read with defaults.
public struct GateParams: Equatable, Sendable {
    public var values: [String: ParamValue]

    public init(_ values: [String: ParamValue] = [:]) { self.values = values }

    public func string(_ key: String, default value: String) -> String {
        values[key]?.text ?? value
    }

    public func strings(_ key: String, default value: [String]) -> [String] {
        switch values[key] {
        case .list(let items)?: return items.map(\.text)
        case let single?: return [single.text]
        case nil: return value
        }
    }

    public func bool(_ key: String, default value: Bool) -> Bool {
        if case .bool(let b)? = values[key] { return b }
        return value
    }

    public func int(_ key: String, default value: Int) -> Int {
        if case .int(let i)? = values[key] { return i }
        return value
    }
}

public struct GateUse: Equatable, Sendable {
    public let id: String
    public let params: GateParams
    public let location: SourceLocation?

    public init(id: String, params: GateParams = GateParams(), location: SourceLocation? = nil) {
        self.id = id
        self.params = params
        self.location = location
    }
}

/// `findings:` of an action: which of a failing command's findings fail the check.
public enum FindingsScope: String, Equatable, Sendable, CaseIterable {
    /// In a pack already on the main branch, the lines the change adds or modifies (reviewdog's
    /// added mode, darker's changed lines); a new pack's files whole.
    case changedLines = "changed-lines"
}

/// What a phase runs before its gates are evaluated (test, lint, validate…): one or more argv
/// commands run in order, the first failure ending the run.
public struct PhaseAction: Equatable, Sendable {
    /// Name under which the result is kept as evidence (e.g. `test`); nil keeps no evidence.
    public let check: String?
    /// argv lists, never shell strings. `{pack}`, `{packDir}` and `{root}` are replaced per pack.
    public let commands: [[String]]
    /// Extra environment for every command (values get the same substitutions).
    public let environment: [String: String]
    /// Files (from the repository root) the commands need: created empty when missing and kept
    /// out of git through `.git/info/exclude` (XSOAR's CommonServerPython.py test stubs).
    public let stubs: [String]
    public let timeoutSeconds: Int
    /// True when the command runs once per configured pack.
    public let perPack: Bool
    /// Gates of the same phase that must pass before the commands run (e.g. `git.branch`, so
    /// `demisto-sdk validate` never runs on main, where it answers for the wrong change).
    public let requires: [String]

    /// Where a failing command's findings count (`findings: changed-lines`): in a pack that is
    /// already on the main branch, only findings on lines the change adds or modifies fail the
    /// check, the rest are the pack's debt; a new pack is judged whole. nil: every failure counts.
    public let findings: FindingsScope?
    /// Commands `flow fix` runs to repair what the check reports, on the same scope (argv lists).
    public let fix: [[String]]

    /// The first command (workflow files of schema 1 before `also` had exactly one).
    public var run: [String] { commands.first ?? [] }

    public init(
        check: String?, run: [String], also: [[String]] = [], environment: [String: String] = [:],
        stubs: [String] = [], timeoutSeconds: Int = 600, perPack: Bool = true, requires: [String] = [],
        findings: FindingsScope? = nil, fix: [[String]] = []
    ) {
        self.check = check
        self.findings = findings
        self.fix = fix
        self.commands = [run] + also
        self.environment = environment
        self.stubs = stubs
        self.timeoutSeconds = timeoutSeconds
        self.perPack = perPack
        self.requires = requires
    }

    /// `{pack}`, `{packDir}` and `{root}` replaced in one argument or environment value.
    public static func substitute(_ text: String, pack: String?, packDir: String?, root: String) -> String {
        var out = text.replacingOccurrences(of: "{root}", with: root)
        if let packDir { out = out.replacingOccurrences(of: "{packDir}", with: packDir) }
        if let pack { out = out.replacingOccurrences(of: "{pack}", with: pack) }
        return out
    }

    /// The name of the tool a command runs: the program, or `python3 -m pytest` style module runs.
    public static func toolArgv(_ argv: [String]) -> [String] {
        guard let program = argv.first else { return [] }
        if let m = argv.firstIndex(of: "-m"), m == 1, argv.count > 2 { return Array(argv[0...2]) }
        return [program]
    }
}

public struct Phase: Equatable, Sendable {
    public let id: String
    public let title: String
    public let summary: String?
    public let gates: [GateUse]
    public let action: PhaseAction?
    /// Declared edges. nil means "the next phase in the file" (linear).
    public let transitions: [String]?
    /// What flow's own commands use this phase for (`role:` in the file), if anything.
    public let role: PhaseRole?
    public let location: SourceLocation?

    public init(
        id: String, title: String, summary: String? = nil, gates: [GateUse] = [], action: PhaseAction? = nil,
        transitions: [String]? = nil, role: PhaseRole? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.role = role
        self.title = title
        self.summary = summary
        self.gates = gates
        self.action = action
        self.transitions = transitions
        self.location = location
    }
}

public struct Workflow: Equatable, Sendable {
    public let id: String
    public let title: String
    public let phases: [Phase]
    public let source: String

    public init(id: String, title: String, phases: [Phase], source: String) {
        self.id = id
        self.title = title
        self.phases = phases
        self.source = source
    }

    public func phase(_ id: String) -> Phase? { phases.first { $0.id == id } }

    /// The phase with this role (the loader allows each role once), or nil when the workflow has none.
    public func phase(withRole role: PhaseRole) -> Phase? { phases.first { $0.role == role } }

    public func index(of id: String) -> Int? { phases.firstIndex { $0.id == id } }

    /// The error for a phase id the workflow lacks (exit 2), suggesting the closest phase as git
    /// suggests a command: `no phase tset in workflow minimal; did you mean test?`.
    public func unknownPhase(_ id: String) -> FlowError {
        let suggestion = ClosestMatch.didYouMean(id, in: phases.map(\.id)).map { "; \($0)" } ?? ""
        return FlowError.invalid(
            "no phase \(id) in workflow \(self.id)\(suggestion)",
            hint: "flow phases lists them: \(phases.map(\.id).joined(separator: ", "))")
    }

    /// Where `flow next` goes after `id`: the first declared edge, else the next phase in the file.
    public func successor(of id: String) -> String? {
        guard let i = index(of: id) else { return nil }
        if let declared = phases[i].transitions { return declared.first }
        return i + 1 < phases.count ? phases[i + 1].id : nil
    }

    /// Every edge out of a phase: declared ones, or the linear one.
    public func edges(from id: String) -> [String] {
        guard let i = index(of: id) else { return [] }
        if let declared = phases[i].transitions { return declared }
        return i + 1 < phases.count ? [phases[i + 1].id] : []
    }

    /// Phases reachable from the first one along the edges.
    public func reachablePhases() -> Set<String> {
        guard let first = phases.first else { return [] }
        return reachablePhases(from: first.id)
    }

    /// Whether `target` can be reached from `start` along one or more edges.
    public func reachable(_ target: String, from start: String) -> Bool {
        edges(from: start).contains { reachablePhases(from: $0).contains(target) }
    }

    /// `start` and the phases reachable from it along the edges.
    public func reachablePhases(from start: String) -> Set<String> {
        guard phase(start) != nil else { return [] }
        var seen: Set<String> = [start]
        var queue = [start]
        while let current = queue.popLast() {
            for next in edges(from: current) where !seen.contains(next) && phase(next) != nil {
                seen.insert(next)
                queue.append(next)
            }
        }
        return seen
    }
}
