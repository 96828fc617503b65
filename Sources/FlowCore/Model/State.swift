/// Where one branch stands in its workflow. Kept per clone under the git directory.
public struct BranchState: Codable, Equatable, Sendable {
    public var workflow: String
    public var phase: String
    /// Phases whose gates passed, in order.
    public var completed: [String]
    public var updatedAt: String

    public init(workflow: String, phase: String, completed: [String] = [], updatedAt: String) {
        self.workflow = workflow
        self.phase = phase
        self.completed = completed
        self.updatedAt = updatedAt
    }
}

/// The runtime state document, `.git/flow/state.json`.
public struct FlowState: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var branches: [String: BranchState]

    public init(schemaVersion: Int = FlowState.currentSchemaVersion, branches: [String: BranchState] = [:]) {
        self.schemaVersion = schemaVersion
        self.branches = branches
    }
}

/// A check that ran, bound to the exact content it ran on.
public struct EvidenceRecord: Codable, Equatable, Sendable {
    /// `test`, `lint`, `validate`…
    public var check: String
    public var pack: String
    /// The git tree id of the pack directory as checked.
    public var tree: String
    public var passed: Bool
    public var tool: String
    public var toolVersion: String?
    public var branch: String?
    public var recordedAt: String
    public var log: String?
    /// What the check ran with beyond the pack's tree, for a test run: where (`on the host`, `in
    /// demisto/python3:3.10.14.100715 via docker`) and the repository's test requirements. A run
    /// with other requirements or elsewhere is another run: the skip of an unchanged check asks
    /// for the same text.
    public var ranWith: String?

    public init(
        check: String, pack: String, tree: String, passed: Bool, tool: String, toolVersion: String? = nil,
        branch: String? = nil, recordedAt: String, log: String? = nil, ranWith: String? = nil
    ) {
        self.check = check
        self.pack = pack
        self.tree = tree
        self.passed = passed
        self.tool = tool
        self.toolVersion = toolVersion
        self.branch = branch
        self.recordedAt = recordedAt
        self.log = log
        self.ranWith = ranWith
    }
}

/// The evidence document, `.git/flow/evidence.json`.
public struct EvidenceLedger: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var records: [EvidenceRecord]

    public init(schemaVersion: Int = EvidenceLedger.currentSchemaVersion, records: [EvidenceRecord] = []) {
        self.schemaVersion = schemaVersion
        self.records = records
    }

    /// The newest record of a check for a pack at exactly this tree, if any.
    public func record(check: String, pack: String, tree: String) -> EvidenceRecord? {
        records.last { $0.check == check && $0.pack == pack && $0.tree == tree }
    }

    /// The newest record of a check for a pack, whatever its tree; with a branch, the newest made
    /// on that branch (or with no branch recorded): linked worktrees checking the same pack on
    /// other branches must not make this branch's checks look stale.
    public func latest(check: String, pack: String, branch: String? = nil) -> EvidenceRecord? {
        records.last { $0.check == check && $0.pack == pack && (branch == nil || $0.branch == nil || $0.branch == branch) }
    }

    /// The one freshness rule, shared by the "unchanged, not re-run" skip and `evidence.fresh`:
    /// the newest record of the check for the pack on this branch is a pass on exactly `tree`.
    /// An edit then a revert is not fresh (the newest record is of the edited tree): re-run once.
    public func fresh(check: String, pack: String, tree: String, branch: String?) -> EvidenceRecord? {
        guard let newest = latest(check: check, pack: pack, branch: branch), newest.tree == tree, newest.passed else { return nil }
        return newest
    }

    /// Adds a record, keeping the ledger bounded: old records of the same check and pack go first.
    public mutating func add(_ record: EvidenceRecord, keepPerCheck: Int = 20) {
        records.append(record)
        let same = records.indices.filter { records[$0].check == record.check && records[$0].pack == record.pack }
        if same.count > keepPerCheck {
            let drop = Set(same.prefix(same.count - keepPerCheck))
            records = records.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
    }
}
