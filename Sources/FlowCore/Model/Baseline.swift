/// The findings of the content gates an adopted pack had when flow adopted it (`flow adopt`),
/// kept in `.flow/baseline.txt` beside the configuration: its debt. A finding is known by its
/// pack, its gate and its text with line and column numbers taken out (the file, the function,
/// the name it is about stay), so an edit elsewhere in the file does not bring it back. The
/// gates refuse only new findings and list the known ones as debt; a fixed finding leaves the
/// file (`flow debt --prune`), which only ever shrinks; a new pack has none and meets every rule.
public struct Baseline: Equatable, Sendable {
    public static let relativePath = ".flow/baseline.txt"
    /// The most of it read from a staged blob: far above any real pack's debt (1,000 findings are about 150 KB).
    public static let maximumBytes = 64 << 20

    public struct Entry: Equatable, Hashable, Sendable {
        public let pack: String
        public let gate: String
        /// The finding without line or column numbers.
        public let finding: String

        public init(pack: String, gate: String, finding: String) {
            self.pack = pack
            self.gate = gate
            self.finding = finding
        }
    }

    /// In file order; the same finding may stand more than once (two alike lines of one function).
    /// The entries, parsed from the file's text on first use when it was read unparsed.
    public var entries: [Entry] {
        get { storage.entries }
        set { storage = Storage(entries: newValue) }
    }

    private var storage: Storage

    public init(entries: [Entry] = []) { storage = Storage(entries: entries) }

    /// A file's text kept unparsed until a gate needs its entries: the pre-commit hook, whose
    /// recorded pass is keyed by this text, parses it only when it runs the gates. A line that
    /// does not read as an entry excuses nothing (`flow next` and `flow debt` refuse the file,
    /// naming the line, and no pass is recorded under such a text).
    public init(unparsed text: String) { storage = Storage(source: text) }

    public var isEmpty: Bool { entries.isEmpty }

    public static func == (lhs: Baseline, rhs: Baseline) -> Bool { lhs.entries == rhs.entries }

    /// Shared by copies of one baseline; the parse happens once, on one thread (flow's commands
    /// read the baseline from the thread that loaded it).
    private final class Storage: @unchecked Sendable {
        let source: String?
        private var parsed: [Entry]?

        init(entries: [Entry]) {
            source = nil
            parsed = entries
        }

        init(source: String, parsed: [Entry]? = nil) {
            self.source = source
            self.parsed = parsed
        }

        var entries: [Entry] {
            if let parsed { return parsed }
            let found = Baseline.entries(source ?? "", lenient: true).entries
            parsed = found
            return found
        }
    }

    /// Only content gates (`pack.*`, `docs.*`) carry debt; evidence and git gates never do.
    /// So do exceptions; a gate that says `takesDebt = false` (pack.no-links) never does.
    public static func covers(_ gate: String) -> Bool {
        (gate.hasPrefix("pack.") || gate.hasPrefix("docs.")) && GateRegistry.gate(gate)?.takesDebt != false
    }

    /// A gate's reason with every `:<line>` and `:<line>:<column>` after a file name taken out.
    public static func finding(_ reason: String) -> String {
        let scalars = Array(reason.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == ":", index > 0, isNameCharacter(scalars[index - 1]) {
                var end = index + 1
                while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
                let digits = end - index - 1
                // `:12` then a boundary: a line number (and `:3` after it, a column).
                if digits > 0, end == scalars.count || [":", " ", ")", ",", ";"].contains(scalars[end]) {
                    index = end
                    continue
                }
            }
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }

    /// The reasons of one gate's answer about `pack` that are not known debt, and how many were.
    /// Each entry excuses one reason.
    public func unknown(_ reasons: [String], pack: String, gate: String) -> (new: [String], known: Int) {
        var left = entries.filter { $0.pack == pack && $0.gate == gate }.map(\.finding)
        guard !left.isEmpty else { return (reasons, 0) }
        var fresh: [String] = []
        var known = 0
        for reason in reasons {
            if let at = left.firstIndex(of: Self.finding(reason)) {
                left.remove(at: at)
                known += 1
            } else {
                fresh.append(reason)
            }
        }
        return (fresh, known)
    }

    /// The entries this baseline has beyond `earlier` (each entry counted as often as it stands).
    public func added(over earlier: Baseline) -> [Entry] {
        var left = earlier.entries
        var added: [Entry] = []
        for entry in entries {
            if let at = left.firstIndex(of: entry) { left.remove(at: at) } else { added.append(entry) }
        }
        return added
    }

    /// `pack<TAB>gate<TAB>finding` per line; `#` lines are comments.
    /// The entries as a cache key needs them: one line each, the finding prefixed by its length
    /// in bytes (pack names and gate ids hold no tab or newline), built by appending, since the
    /// hook's key carries a thousand entries of an adopted repository.
    public var keyText: String {
        // Read from a file: its text is the key, with nothing parsed (one file, one key).
        if let source = storage.source { return "text:\(source.utf8.count):" + source }
        var out = "\(entries.count)\n"
        out.reserveCapacity(entries.count * 100)
        for entry in entries {
            out += entry.pack
            out += "\t"
            out += entry.gate
            out += "\t"
            out += String(entry.finding.utf8.count)
            out += ":"
            out += entry.finding
            out += "\n"
        }
        return out
    }

    public var text: String {
        let header = """
            # The debt of adopted packs: what flow's content gates found in them when flow adopted them.
            # The gates refuse only findings not listed here; `flow debt` shows what is left, and
            # `flow debt --prune` drops what is fixed. This file only ever shrinks: CI names a change that adds to it.

            """
        return header + entries.map { "\($0.pack)\t\($0.gate)\t\($0.finding)\n" }.joined()
    }

    /// Reads `text`; nil with the line of the first malformed entry.
    public static func parse(_ text: String) -> Result<Baseline, BaselineProblem> {
        let (entries, problem) = entries(text, lenient: false)
        if let problem { return .failure(problem) }
        var baseline = Baseline()
        baseline.storage = Storage(source: text, parsed: entries)
        return .success(baseline)
    }

    /// The entries of a file's text and its first bad line; `lenient` skips bad lines instead of
    /// stopping at the first.
    static func entries(_ text: String, lenient: Bool) -> (entries: [Entry], problem: BaselineProblem?) {
        // Split on the UTF-8 bytes: every hook run reads this file, and splitting it as Characters
        // (grapheme breaking) cost about 18 µs an entry.
        var entries: [Entry] = []
        // A file names a handful of gates a thousand times: each is looked up in the registry once.
        var covered: [String: Bool] = [:]
        let bytes = Array(text.utf8)
        for (number, raw) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = raw.last == 0x0D ? raw.dropLast() : raw
            if line.isEmpty || line.first == 0x23 { continue }  // "#": a comment
            let fields = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty, !fields[2].isEmpty else {
                if lenient { continue }
                return (entries, BaselineProblem(line: number + 1))
            }
            let gate = String(decoding: fields[1], as: UTF8.self)
            let known = covered[gate] ?? covers(gate)
            covered[gate] = known
            guard known else {
                if lenient { continue }
                return (entries, BaselineProblem(line: number + 1))
            }
            entries.append(
                Entry(
                    pack: String(decoding: fields[0], as: UTF8.self), gate: gate,
                    finding: String(decoding: fields[2], as: UTF8.self)))
        }
        return (entries, nil)
    }
}

/// A line of `.flow/baseline.txt` that is not `pack<TAB>gate<TAB>finding`.
public struct BaselineProblem: Error, Equatable, Sendable {
    public let line: Int

    public init(line: Int) { self.line = line }
}
