import FlowCore

/// A direct reader for `.git/flow/evidence.json` as flow writes it, for the pre-commit hook:
/// JSONDecoder's first use in a process instantiates its generic containers and looks up
/// protocol conformances (~1 ms of a ~10 ms hook). It accepts only the plain shape flow writes
/// (the two keys of the ledger, the known keys of each record, strings without escapes, a
/// decimal schema version, booleans, null for the optional fields) and returns nil for anything
/// else: an escape, an unknown or repeated key, a missing field, a number where a string belongs,
/// invalid UTF-8, trailing data. The caller then decodes with JSONDecoder, which also produces
/// every error message. Where it answers, the answer equals JSONDecoder's.
enum EvidenceJSON {
    static func parse(_ bytes: [UInt8]) -> EvidenceLedger? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return reader.ledger()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func ledger() -> EvidenceLedger? {
            var version: Int?
            var records: [EvidenceRecord]?
            let complete = object { key, reader in
                switch key {
                case "schemaVersion" where version == nil:
                    version = reader.integer()
                    return version != nil
                case "records" where records == nil:
                    records = reader.recordList()
                    return records != nil
                default:
                    return false
                }
            }
            skipSpace()
            guard complete, at == bytes.count, let version, let records else { return nil }
            return EvidenceLedger(schemaVersion: version, records: records)
        }

        mutating func recordList() -> [EvidenceRecord]? {
            skipSpace()
            guard take(0x5B) else { return nil }  // [
            var result: [EvidenceRecord] = []
            skipSpace()
            if take(0x5D) { return result }  // ]
            while true {
                guard let record = record() else { return nil }
                result.append(record)
                skipSpace()
                if take(0x2C) { continue }  // ,
                return take(0x5D) ? result : nil
            }
        }

        mutating func record() -> EvidenceRecord? {
            // One slot per known key (no per-record sets or dictionaries: a ledger holds hundreds
            // of records); a repeated key is refused, as is an unknown one.
            var check, pack, tree, tool, recordedAt: String?
            var toolVersion, branch, log, ranWith: String??
            var passed: Bool?
            func put(_ slot: inout String?, _ reader: inout Reader) -> Bool {
                guard slot == nil, let value = reader.string() else { return false }
                slot = value
                return true
            }
            func putOptional(_ slot: inout String??, _ reader: inout Reader) -> Bool {
                guard slot == nil else { return false }
                if reader.null() {
                    slot = .some(nil)
                    return true
                }
                guard let value = reader.string() else { return false }
                slot = .some(value)
                return true
            }
            let complete = object { key, reader in
                switch key {
                case "passed":
                    guard passed == nil, let value = reader.boolean() else { return false }
                    passed = value
                    return true
                case "check": return put(&check, &reader)
                case "pack": return put(&pack, &reader)
                case "tree": return put(&tree, &reader)
                case "tool": return put(&tool, &reader)
                case "recordedAt": return put(&recordedAt, &reader)
                case "toolVersion": return putOptional(&toolVersion, &reader)
                case "branch": return putOptional(&branch, &reader)
                case "log": return putOptional(&log, &reader)
                case "ranWith": return putOptional(&ranWith, &reader)
                default: return false
                }
            }
            guard complete, let passed, let check, let pack, let tree, let tool, let recordedAt else { return nil }
            return EvidenceRecord(
                check: check, pack: pack, tree: tree, passed: passed, tool: tool,
                toolVersion: toolVersion ?? nil, branch: branch ?? nil,
                recordedAt: recordedAt, log: log ?? nil, ranWith: ranWith ?? nil)
        }

        /// `{ "key": value, … }`, each value read by `member`, which returns false to give up.
        mutating func object(_ member: (String, inout Reader) -> Bool) -> Bool {
            skipSpace()
            guard take(0x7B) else { return false }  // {
            skipSpace()
            if take(0x7D) { return true }  // }
            while true {
                skipSpace()
                guard let key = string() else { return false }
                skipSpace()
                guard take(0x3A), member(key, &self) else { return false }  // :
                skipSpace()
                if take(0x2C) { continue }  // ,
                return take(0x7D)
            }
        }

        /// A string without escapes or control characters, valid UTF-8.
        mutating func string() -> String? {
            skipSpace()
            guard take(0x22) else { return nil }
            let start = at
            while at < bytes.count {
                let byte = bytes[at]
                if byte == 0x22 {
                    let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                    at += 1
                    return text
                }
                if byte == 0x5C || byte < 0x20 { return nil }  // an escape or a raw control character
                at += 1
            }
            return nil
        }

        /// A plain decimal integer of at most nine digits.
        mutating func integer() -> Int? {
            skipSpace()
            let negative = take(0x2D)
            let start = at
            var value = 0
            while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 {
                value = value * 10 + Int(bytes[at] - 0x30)
                at += 1
            }
            let digits = at - start
            guard digits >= 1, digits <= 9, digits == 1 || bytes[start] != 0x30 else { return nil }
            // 1.0, 1e3 and the like: JSONDecoder decides.
            if at < bytes.count, bytes[at] == 0x2E || bytes[at] == 0x65 || bytes[at] == 0x45 { return nil }
            return negative ? -value : value
        }

        mutating func boolean() -> Bool? {
            skipSpace()
            if literal("true") { return true }
            if literal("false") { return false }
            return nil
        }

        mutating func null() -> Bool {
            skipSpace()
            return literal("null")
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard at + count <= bytes.count else { return false }
            for k in 0..<count where bytes[at + k] != word.utf8Start[k] { return false }
            // `trueish` is not `true`.
            if at + count < bytes.count, (0x61...0x7A).contains(bytes[at + count]) { return false }
            at += count
            return true
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 {
                at += 1
            }
        }
    }
}
