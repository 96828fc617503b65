/// What flow's `ast` checker (Resources/checkers/xsoar_ast_check.py) found in one Python file.
public struct PythonFileFacts: Codable, Sendable {
    public struct Problem: Codable, Sendable {
        public let line: Int
        public let message: String
    }
    public struct Function: Codable, Sendable {
        public let name: String
        public let line: Int
        /// The first line of the function, its decorators included, and its last line.
        public let first: Int?
        public let end: Int?
        /// The class whose body defines it (a method), nil for a function.
        public let owner: String?
        /// Defined inside another function.
        public let nested: Bool?
        /// Decorated with `pytest.fixture`: pytest calls it for the tests that name it.
        public let fixture: Bool?

        /// The lines a change to the function touches.
        public var lines: ClosedRange<Int> { (first ?? line)...max(end ?? line, first ?? line) }
        /// `parse_x` or `Client.get_items`, for messages.
        public var qualifiedName: String { owner.map { "\($0).\(name)" } ?? name }
    }
    /// `args.get('x')`, `args['x']`, `argToList(args.get('x'))` (list) in a function.
    public struct ArgRead: Codable, Sendable {
        public let function: String
        public let name: String
        public let line: Int
        public let list: Bool
        /// The read as written (`args['x']`, `argToList(args.get('x'))`), for messages.
        public let form: String?
    }
    public struct ParamRead: Codable, Sendable {
        public let name: String
        public let line: Int
    }
    /// A command main() dispatches, and the names called in its branch.
    public struct Dispatch: Codable, Sendable {
        public let command: String
        public let line: Int
        public let calls: [String]
    }
    public struct CallSite: Codable, Sendable {
        public let line: Int
        public let function: String
        /// `time.sleep` and demisto's incident calls: inside a while/for loop of its function.
        public let inLoop: Bool?
        /// `incidents` or `createIncidents` for demisto's incident calls.
        public let kind: String?
        /// Demisto's incident calls: the line of an `if` that tests the list passed (around the call,
        /// or an earlier `if not incidents: return`), so that some lists never reach the call.
        public let condition: Int?
    }
    /// A `for`/`while` loop, and whether its body catches exceptions (a try/except inside it).
    public struct Loop: Codable, Sendable {
        public let function: String
        public let line: Int
        public let catches: Bool
    }
    public struct TestFunction: Codable, Sendable {
        public let name: String
        public let line: Int
        public let calls: [String]
        /// Marked `pytest.mark.skip` (itself, its class or the module's `pytestmark`): pytest never runs it.
        public let skipped: Bool?
    }

    /// A `CommandResults(...)` call: whether it gives `outputs_prefix`, `outputs` and
    /// `outputs_key_field` (not None; nil when `**kwargs` hides it), and, with a prefix, the keys of
    /// its outputs' dicts that hold a space or a dot.
    public struct Results: Codable, Sendable {
        public struct Key: Codable, Sendable {
            public let key: String
            public let line: Int
        }
        public let function: String
        public let line: Int
        public let prefix: Bool?
        public let outputs: Bool?
        public let keyField: Bool?
        public let badKeys: [Key]
    }

    /// A syntax error (the other facts are empty then).
    public let error: Problem?
    public let functions: [Function]
    public let args: [ArgRead]
    public let params: [ParamRead]
    public let dispatch: [Dispatch]
    /// Function name (or `<module>`) to the names it calls.
    public let calls: [String: [String]]
    public let prints: [CallSite]
    public let sleeps: [CallSite]
    public let incidents: [CallSite]
    public let returnErrorInMain: Bool
    public let returnResults: Bool
    public let tests: [TestFunction]
    /// `demisto.results()` call sites.
    public let legacyResults: [CallSite]
    public let loops: [Loop]
    public let results: [Results]
    /// Function name to every name its body (nested functions included) calls or refers to, an
    /// attribute by its last part: what may run another function of the file.
    public let uses: [String: [String]]
    /// What the file's module-level statements and class bodies call or refer to (run on import).
    public let moduleUses: [String]
    /// `from X import f as g`: g to f.
    public let aliases: [String: String]
    /// Module-level dicts to the names their values refer to (`COMMANDS = {'x-say': say}`: COMMANDS to say).
    public let mapped: [String: [String]]
    /// Module-level functions and classes the file defines itself (not imported by name, never used
    /// as an attribute): its calls of them do not run another file's function of that name.
    public let ownNames: [String]

    enum CodingKeys: String, CodingKey {
        case error, functions, args, params, dispatch, calls, prints, sleeps, incidents, returnErrorInMain, returnResults, tests,
            legacyResults, loops, uses, moduleUses, aliases, results, mapped, ownNames
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        error = try c.decodeIfPresent(Problem.self, forKey: .error)
        functions = try c.decodeIfPresent([Function].self, forKey: .functions) ?? []
        args = try c.decodeIfPresent([ArgRead].self, forKey: .args) ?? []
        params = try c.decodeIfPresent([ParamRead].self, forKey: .params) ?? []
        dispatch = try c.decodeIfPresent([Dispatch].self, forKey: .dispatch) ?? []
        calls = try c.decodeIfPresent([String: [String]].self, forKey: .calls) ?? [:]
        prints = try c.decodeIfPresent([CallSite].self, forKey: .prints) ?? []
        sleeps = try c.decodeIfPresent([CallSite].self, forKey: .sleeps) ?? []
        incidents = try c.decodeIfPresent([CallSite].self, forKey: .incidents) ?? []
        returnErrorInMain = try c.decodeIfPresent(Bool.self, forKey: .returnErrorInMain) ?? false
        returnResults = try c.decodeIfPresent(Bool.self, forKey: .returnResults) ?? false
        tests = try c.decodeIfPresent([TestFunction].self, forKey: .tests) ?? []
        legacyResults = try c.decodeIfPresent([CallSite].self, forKey: .legacyResults) ?? []
        loops = try c.decodeIfPresent([Loop].self, forKey: .loops) ?? []
        uses = try c.decodeIfPresent([String: [String]].self, forKey: .uses) ?? [:]
        moduleUses = try c.decodeIfPresent([String].self, forKey: .moduleUses) ?? []
        aliases = try c.decodeIfPresent([String: String].self, forKey: .aliases) ?? [:]
        results = try c.decodeIfPresent([Results].self, forKey: .results) ?? []
        mapped = try c.decodeIfPresent([String: [String]].self, forKey: .mapped) ?? [:]
        ownNames = try c.decodeIfPresent([String].self, forKey: .ownNames) ?? []
    }

    /// Functions of this file reachable from `names` through the call graph (names included when defined).
    public func reachable(from names: [String]) -> Set<String> {
        let defined = Set(functions.map(\.name))
        var seen = Set<String>()
        var work = names.filter(defined.contains)
        while let next = work.popLast() {
            guard seen.insert(next).inserted else { continue }
            work += (calls[next] ?? []).filter { defined.contains($0) && !seen.contains($0) }
        }
        return seen
    }

    /// The dispatch entries for a command.
    public func dispatched(_ command: String) -> [Dispatch] { dispatch.filter { $0.command == command } }
}
