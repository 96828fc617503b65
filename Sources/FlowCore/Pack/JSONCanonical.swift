import Foundation

/// Equality of JSON values as JSONSerialization reads them, by their canonical text (sorted keys,
/// JSONSerialization's own number and string forms). Not `NSDictionary.isEqual`: with the static
/// Foundation of the release build it called two equal metadata objects (nested arrays and
/// objects) different, so `flow release`'s own bump commit was refused there.
public enum JSONCanonical {
    /// The value's canonical text; nil for what is no JSON value.
    public static func data(_ value: Any) -> Data? {
        guard JSONSerialization.isValidJSONObject([value]) else { return nil }
        return try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }

    /// True when both are JSON values with the same canonical text.
    public static func same(_ a: Any, _ b: Any) -> Bool {
        guard let left = data(a), let right = data(b) else { return false }
        return left == right
    }
}
