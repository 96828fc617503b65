import FlowCore
import FlowGitTypes
import Foundation

/// flow's runtime files under the repository's common git directory (`.git/flow/`): per clone,
/// shared by linked worktrees, keyed by branch inside.
public struct StateStore {
    public let directory: String

    public init(gitCommonDirectory: String) { directory = gitCommonDirectory + "/flow" }

    public var statePath: String { directory + "/state.json" }
    public var evidencePath: String { directory + "/evidence.json" }
    public var lockPath: String { directory + "/lock" }
    public var logsDirectory: String { directory + "/logs" }

    public func loadState() throws -> FlowState {
        try Self.read(FlowState.self, at: statePath, current: FlowState.currentSchemaVersion, what: "state") ?? FlowState()
    }

    public func loadEvidence() throws -> EvidenceLedger {
        // The hooks read this on every commit: the plain form flow writes is read directly; any
        // other content (and every error message) goes through JSONDecoder.
        if FastPath.enabled, let data = FileManager.default.contents(atPath: evidencePath), let ledger = EvidenceJSON.parse([UInt8](data)),
            ledger.schemaVersion <= EvidenceLedger.currentSchemaVersion
        {
            return ledger
        }
        return try Self.read(EvidenceLedger.self, at: evidencePath, current: EvidenceLedger.currentSchemaVersion, what: "evidence")
            ?? EvidenceLedger()
    }

    /// Read-modify-write of the state under the lock.
    public func updateState(_ change: (inout FlowState) throws -> Void) throws -> FlowState {
        try FileLock.withLock(lockPath) {
            var state = try loadState()
            try change(&state)
            try AtomicFile.write(try Self.encode(state), to: statePath)
            return state
        }
    }

    public func updateEvidence(_ change: (inout EvidenceLedger) throws -> Void) throws -> EvidenceLedger {
        try FileLock.withLock(lockPath) {
            var ledger = try loadEvidence()
            try change(&ledger)
            try AtomicFile.write(try Self.encode(ledger), to: evidencePath)
            return ledger
        }
    }

    /// The one JSON form flow writes: sorted keys, indented, slashes left alone (branch names have them).
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A document read in one pass: its schema version first, then, unless it is newer than
    /// this flow understands, the whole document from the same decoder.
    struct Versioned<T: Decodable>: Decodable {
        let value: T
        enum Keys: String, CodingKey { case schemaVersion }
        init(from decoder: Decoder) throws {
            let version = try decoder.container(keyedBy: Keys.self).decode(Int.self, forKey: .schemaVersion)
            let current = decoder.userInfo[Versioned.currentKey] as? Int ?? Int.max
            if version > current { throw Newer(version: version) }
            value = try T(from: decoder)
        }
        static var currentKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "flow.currentSchemaVersion")! }
    }

    struct Newer: Error { let version: Int }

    /// Reads the schema version first, so a newer file is refused by name rather than misread.
    /// A missing file is nil; an unreadable one is an error that names the file and the way out.
    /// One JSON parse (hooks read the evidence on every commit).
    static func read<T: Decodable>(_ type: T.Type, at path: String, current: Int, what: String) throws -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError.invalid(
                "cannot read the flow \(what) file \(path) (a directory, or not readable)",
                hint: "check its permissions, or move it aside (mv \(path) \(path).broken); nothing else is lost")
        }
        let recover = "move it aside to start over (mv \(path) \(path).broken); nothing else is lost"
        let decoder = JSONDecoder()
        decoder.userInfo[Versioned<T>.currentKey] = current
        do {
            return try decoder.decode(Versioned<T>.self, from: data).value
        } catch let newer as Newer {
            throw FlowError.invalid(
                "the flow \(what) file \(path) has schema version \(newer.version), newer than this flow understands (\(current))",
                hint: "upgrade flow, or \(recover)")
        } catch {
            throw FlowError.invalid("the flow \(what) file \(path) is corrupted: \(describe(error))", hint: recover)
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return "not valid JSON (\(c.debugDescription))"
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c): return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.valueNotFound(_, let c): return "missing value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "\(error)"
        }
    }
}
