import Foundation

/// Words for a fix that is one shell command line: a path or a message quoted so the line pastes
/// as it is, whatever characters it holds.
public enum Shell {
    /// `word` as one shell word: unchanged when it holds only characters no shell treats
    /// specially, else in single quotes (a `'` inside as `'\''`).
    public static func quote(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                (scalar.value < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                    || "-_./=:@%+,".unicodeScalars.contains(scalar)
            }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words quoted and joined by spaces.
    public static func words(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
