import FlowCore
import Foundation

/// The pre-commit hook's content gates as cached in `.git/flow/content-gates`: the cache key
/// (one line), then the gates' fingerprint, which is also their stored form (no JSON: its
/// decoder's first use costs a commit more than reading the workflow's gates back).
struct ContentGateList {
    let fingerprint: String
    let gates: ContentGates

    init(_ gates: ContentGates) {
        self.gates = gates
        fingerprint = gates.fingerprint
    }

    static func encode(_ gates: ContentGates, key: String) -> Data? {
        guard !key.contains("\n") else { return nil }
        return Data("\(key)\n\(gates.fingerprint)".utf8)
    }

    /// The list in `data` when it was cached under `key`; nil for another key or anything that
    /// does not read back as gates exactly (then the workflow is read again).
    static func cached(_ data: Data, key: String) -> ContentGateList? {
        let bytes = [UInt8](data)
        guard let end = bytes.firstIndex(of: 0x0A), bytes[..<end].elementsEqual(key.utf8),
              let fingerprint = String(validating: bytes[(end + 1)...], as: UTF8.self),
              let gates = ContentGates(fingerprint: fingerprint), gates.fingerprint == fingerprint else { return nil }
        return ContentGateList(gates)
    }
}
