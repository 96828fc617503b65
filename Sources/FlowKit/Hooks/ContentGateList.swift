import FlowCore
import Foundation

/// The pre-commit hook's content gates as cached in `.git/flow/content-gates`: the cache key
/// (one line), the gates' fingerprint (its byte count on one line, then the text), then the
/// gates as JSON. A recorded pass (ContentVerdicts) needs only the fingerprint, so the JSON is
/// decoded only when the gates are asked.
struct ContentGateList {
    let fingerprint: String
    let gates: () -> ContentGates

    private struct Use: Codable {
        let id: String
        let params: [String: ParamValue]
    }

    static func encode(_ gates: ContentGates, key: String) -> Data? {
        guard let json = try? JSONEncoder().encode(gates.uses.map { Use(id: $0.id, params: $0.params.values) }) else { return nil }
        let fingerprint = gates.fingerprint
        return Data("\(key)\n\(fingerprint.utf8.count)\n\(fingerprint)".utf8) + json
    }

    /// The list in `data` when it was cached under `key`; nil for another key or anything malformed.
    /// `reload` answers when the JSON does not hold the fingerprinted gates (a damaged file).
    static func cached(_ data: Data, key: String, reload: @escaping () -> ContentGates) -> ContentGateList? {
        let bytes = [UInt8](data)
        guard let firstEnd = bytes.firstIndex(of: 0x0A),
              bytes[..<firstEnd].elementsEqual(key.utf8),
              let secondEnd = bytes[(firstEnd + 1)...].firstIndex(of: 0x0A),
              let count = Int(String(decoding: bytes[(firstEnd + 1)..<secondEnd], as: UTF8.self)),
              count >= 0, secondEnd + 1 + count <= bytes.count else { return nil }
        let start = secondEnd + 1
        let fingerprint = String(decoding: bytes[start..<(start + count)], as: UTF8.self)
        let json = Data(bytes[(start + count)...])
        return ContentGateList(fingerprint: fingerprint) {
            if let uses = try? JSONDecoder().decode([Use].self, from: json) {
                let gates = ContentGates(uses: uses.map { GateUse(id: $0.id, params: GateParams($0.params)) })
                if gates.fingerprint == fingerprint { return gates }
            }
            return reload()
        }
    }
}
