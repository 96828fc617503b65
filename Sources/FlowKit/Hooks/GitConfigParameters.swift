import Foundation

/// The values given with `git -c key=value`: git passes them to hooks in GIT_CONFIG_PARAMETERS
/// as `'key'='value'` pairs, and libgit2 does not read them.
enum GitConfigParameters {
    /// The value of `key`; keys compare case-insensitively, the last one wins.
    static func value(_ key: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let parameters = environment["GIT_CONFIG_PARAMETERS"] else { return nil }
        var found: String?
        var quoted: [String] = []
        var current = ""
        var inside = false
        for character in parameters {
            if character == "'" {
                if inside {
                    quoted.append(current)
                    current = ""
                }
                inside.toggle()
            } else if inside {
                current.append(character)
            }
        }
        // Pairs: 'key'='value' (older git writes 'key=value' as one quoted string).
        var index = 0
        while index < quoted.count {
            let item = quoted[index]
            if let equals = item.firstIndex(of: "="), item[..<equals].lowercased() == key.lowercased() {
                found = String(item[item.index(after: equals)...])
                index += 1
            } else if item.lowercased() == key.lowercased(), index + 1 < quoted.count {
                found = quoted[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
        return found
    }
}
