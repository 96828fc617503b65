import FlowGitTypes

/// What one gate said.
public struct GateOutcome: Equatable, Sendable {
    public let passed: Bool
    /// Why it failed, one line each (several for e.g. every offending file).
    public let reasons: [String]
    /// The command or step that fixes it.
    public let fix: String?
    /// A short note on a pass (what was checked).
    public let detail: String?

    public static func pass(_ detail: String? = nil) -> GateOutcome {
        GateOutcome(passed: true, reasons: [], fix: nil, detail: detail)
    }

    public static func fail(_ reason: String, fix: String) -> GateOutcome {
        GateOutcome(passed: false, reasons: [reason], fix: fix, detail: nil)
    }

    public static func fail(reasons: [String], fix: String) -> GateOutcome {
        GateOutcome(passed: false, reasons: reasons, fix: fix, detail: nil)
    }
}

/// Whether a gate is asked once, or once per configured pack.
public enum GateScope: Sendable {
    case repository
    case pack
}

public struct GateParameter: Sendable {
    public enum Kind: String, Sendable { case string, strings, bool, int }
    public let name: String
    public let kind: Kind
    public let required: Bool
    public let summary: String

    public init(_ name: String, _ kind: Kind, required: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.summary = summary
    }
}

/// Everything a gate may look at. Effects come in through the protocols; the gate itself is pure.
public struct GateContext {
    public let git: RepositoryFacts
    public let files: FileReading
    public let config: ProjectConfig
    public let evidence: EvidenceLedger
    public let commands: CommandRunning
    /// Set for pack-scoped gates: the pack being checked.
    public let pack: String?
    /// The branch the evidence is judged for (the state key; the branch being rebased mid-rebase).
    /// nil: the branch HEAD names.
    public let branch: String?
    /// Reads YAML and Python for the content gates (nil: those gates block, saying so).
    public let content: ContentReading?
    /// The checks the workflow's actions record, each with the phase that runs it (nil: the
    /// context was built outside a workflow, and `evidence.*` gates fall back to their defaults).
    public private(set) var checks: [RequiredCheck]?

    public init(
        git: RepositoryFacts, files: FileReading, config: ProjectConfig, evidence: EvidenceLedger,
        commands: CommandRunning, pack: String? = nil, branch: String? = nil, content: ContentReading? = nil
    ) {
        self.git = git
        self.files = files
        self.config = config
        self.evidence = evidence
        self.commands = commands
        self.pack = pack
        self.branch = branch
        self.content = content
    }

    public func forPack(_ pack: String) -> GateContext { copy(pack: pack) }

    /// The same context, with the workflow's checks (what `evidence.*` gates require by default
    /// and where their fix sends the user).
    public func with(checks: [RequiredCheck]?) -> GateContext {
        var context = self
        if let checks { context.checks = checks }
        return context
    }

    /// The same context under another configuration (`flow release` asks about one pack).
    public func with(config: ProjectConfig) -> GateContext { copy(config: config) }

    /// The same context asking other git facts (`flow verify commits`' view of a whole range).
    public func with(git: RepositoryFacts) -> GateContext { copy(git: git) }

    /// The same context reading other files (the pre-commit hook's staged view of the repository).
    public func with(files: FileReading) -> GateContext { copy(files: files) }

    /// This context with the ingredients given replaced, its checks kept.
    private func copy(
        git: RepositoryFacts? = nil, files: FileReading? = nil, config: ProjectConfig? = nil, pack: String? = nil
    ) -> GateContext {
        var context = GateContext(
            git: git ?? self.git, files: files ?? self.files, config: config ?? self.config, evidence: evidence,
            commands: commands, pack: pack ?? self.pack, branch: branch, content: content)
        context.checks = checks
        return context
    }

    /// The phase that runs `check` (its own name when the workflow does not say).
    public func phase(running check: String) -> String {
        checks?.first { $0.check == check }?.phase ?? check
    }

    /// The branch whose evidence counts: `branch` if set, else HEAD's (detached: `detached@<id>`,
    /// the key flow's state and evidence use).
    public func evidenceBranch() throws -> String? {
        if let branch { return branch }
        switch try git.head() {
        case .branch(let name, _), .unborn(let name): return name
        case .detached(let commit): return "detached@\(commit.prefix(12))"
        }
    }

    /// `Packs/<pack>` for a pack-scoped gate.
    public var packDirectory: String? { pack.map { "\(config.packsRoot)/\($0)" } }
}

/// A check with a stable id. One type per file under Gates/, each carrying the examples that a
/// parameterised test runs on a real repository.
public protocol Gate {
    static var id: String { get }
    static var summary: String { get }
    static var scope: GateScope { get }
    static var parameters: [GateParameter] { get }
    static var examples: [GateExample] { get }
    static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome
    /// False for a content gate whose findings no baseline or exception may excuse (what would
    /// ship unjudged).
    static var takesDebt: Bool { get }
    /// The lifecycle rules this gate enforces, each with what it checks of the rule: the rules table
    /// of docs/xsoar-lifecycle.md is generated from these, so a claim lives beside its code.
    static var enforces: [RuleClaim] { get }
}

extension Gate {
    public static var takesDebt: Bool { true }
    public static var enforces: [RuleClaim] { [] }
    public static var scope: GateScope { .repository }
    public static var parameters: [GateParameter] { [] }
}

/// What a gate checks of one lifecycle rule (`LifecycleRules`), in the words of the rules table,
/// and the gate's failing examples that show it: LifecycleTableTests holds each claim to its
/// examples, and GateExampleTests runs them.
public struct RuleClaim: Sendable {
    public let rule: String
    public let text: String
    public let shownBy: [String]

    public init(_ rule: String, _ text: String, shownBy: [String]) {
        self.rule = rule
        self.text = text
        self.shownBy = shownBy
    }
}

/// One step that builds an example repository. Run by the tests with the git command line.
public enum RepoStep: Sendable, Equatable {
    case write(String, String)
    case writeBytes(String, [UInt8])
    /// A symbolic link at the first path pointing at the second (as written, relative or not).
    case symlink(String, to: String)
    case remove(String)
    case stage([String])
    case commit(String)
    case tag(String, annotated: Bool)
    /// Create and switch to a new branch.
    case branch(String)
    case checkout(String)
    case merge(String)
    case remote(String, url: String)
    /// `git config KEY VALUE` in the example repository.
    case gitConfig(String, String)
    /// Push the branch to `origin`, a bare repository beside the example's (added on first use):
    /// `refs/remotes/origin/<branch>` is then what a pull request shows.
    case pushToOrigin(String)
    /// `git update-ref REF REV`: a ref flow keeps (a review round's base) set by hand.
    case updateRef(String, to: String)
    /// Record a check result for the pack's current work-tree content (`Packs/<pack>`).
    case evidence(check: String, pack: String, passed: Bool)
}

/// A passing or failing case of a gate.
public struct GateExample: Sendable {
    public let name: String
    public let params: GateParams
    public let steps: [RepoStep]
    public let passes: Bool
    /// A piece of the failure reason the test expects to see.
    public let reasonContains: String?
    public let pack: String?
    /// A piece of the fix the test expects to see, and one it must not see (a fix names only
    /// what is missing).
    public var fixContains: String?
    public var fixOmits: String?

    public static func passing(
        _ name: String, params: [String: ParamValue] = [:], pack: String? = nil,
        _ steps: [RepoStep]
    ) -> GateExample {
        GateExample(name: name, params: GateParams(params), steps: steps, passes: true, reasonContains: nil, pack: pack)
    }

    public static func failing(
        _ name: String, params: [String: ParamValue] = [:], pack: String? = nil,
        reason: String, fix: String? = nil, fixOmits: String? = nil, _ steps: [RepoStep]
    ) -> GateExample {
        GateExample(
            name: name, params: GateParams(params), steps: steps, passes: false, reasonContains: reason, pack: pack,
            fixContains: fix, fixOmits: fixOmits)
    }
}

/// A first commit most examples start from.
public let initialCommit: [RepoStep] = [.write("README.md", "demo\n"), .stage(["README.md"]), .commit("initial")]
