/// The closest names to a mistyped one, as git suggests a command: `flow stauts` → status.
public enum ClosestMatch {
    /// The candidates nearest to `word` (case-insensitive): by restricted Damerau–Levenshtein
    /// distance (a swap of two neighbours counts 1), at most 1 for words of up to three letters
    /// and 2 for longer ones; a candidate that starts with the word (three letters or more) counts
    /// 1. All those at the best distance, in the candidates' order; none when nothing is close.
    public static func candidates(for word: String, in candidates: [String]) -> [String] {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty else { return [] }
        let limit = typed.count <= 3 ? 1 : 2
        var best = limit + 1
        var found: [String] = []
        for candidate in candidates {
            let name = Array(candidate.lowercased())
            var distance = self.distance(typed, name)
            if typed.count >= 3, name.starts(with: typed) { distance = min(distance, 1) }
            if distance < best {
                best = distance
                found = [candidate]
            } else if distance == best, !found.contains(candidate) {
                found.append(candidate)
            }
        }
        return best <= limit ? found : []
    }

    /// `did you mean status?`, `did you mean status or stash?`; nil when nothing is close.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        let found = self.candidates(for: word, in: candidates)
        guard let last = found.last else { return nil }
        let names = found.count == 1 ? last : found.dropLast().joined(separator: ", ") + " or " + last
        return "did you mean \(names)?"
    }

    /// Restricted Damerau–Levenshtein (optimal string alignment) distance: insertions,
    /// deletions, substitutions and swaps of two adjacent characters, each 1.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
