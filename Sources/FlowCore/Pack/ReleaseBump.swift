import Foundation

/// The one change `flow release` commits after tagging, and the only one the release exemption
/// (`checks=release`, no checks at commit time) covers: for each pack, `currentVersion` raised
/// with nothing else in pack_metadata.json changed, plus the new version's release-note file
/// added. Anything wider (a new dependency, an invalid metadata file, another file) is an
/// ordinary change that needs its checks.
public enum ReleaseBump {
    /// One changed path and whether it is new (absent before).
    public struct Change: Sendable {
        public let path: String
        public let added: Bool
        public init(path: String, added: Bool) {
            self.path = path
            self.added = added
        }
    }

    /// Why the changes are not exactly a release bump of `pack`; nil when they are. `before` and
    /// `after` are the pack_metadata.json bytes on each side.
    public static func problem(pack layout: PackLayout, before: [UInt8]?, after: [UInt8]?, changes: [Change]) -> String? {
        guard case .success(let old) = PackMetadata.parse(before, path: layout.metadata),
            case .success(let new) = PackMetadata.parse(after, path: layout.metadata),
            let from = old.currentVersion, let to = new.currentVersion, from < to
        else {
            return "\(layout.metadata) does not raise a valid currentVersion"
        }
        func others(_ bytes: [UInt8]?) -> Data? {
            guard let bytes, var object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
            object["currentVersion"] = nil
            return JSONCanonical.data(object)
        }
        guard let a = others(before), let b = others(after), a == b else {
            return "\(layout.metadata) changes more than currentVersion"
        }
        let notes = layout.releaseNotes(for: to)
        for change in changes where change.path != layout.metadata {
            guard change.path == notes, change.added else {
                return "it changes \(change.path); a release bump changes only currentVersion and adds \(notes)"
            }
        }
        return nil
    }
}
