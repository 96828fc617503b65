import Foundation

/// The commit message convention of rule S50: `feat(<PackName>): …`, `fix(<PackName>): …` (and the
/// release bump's `version(<PackName>): …`). Checked by the commit-msg hook when
/// `.flow/config.yml` has `commitConvention: true` (what `flow init` writes for a new repository).
public enum CommitConvention {
    public static let types = ["feat", "fix", "docs", "test", "refactor", "chore", "version"]

    /// Why the message breaks the convention, or nil. Comment lines (`commentChar`) and git's own
    /// subjects (merges, reverts, fixup!/squash!/amend!) are left alone.
    public static func problem(in message: String, packs: [String], commentChar: Character = "#") -> String? {
        let subject = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
            .first { !$0.isEmpty && $0.first != commentChar } ?? ""
        if subject.isEmpty { return nil }  // git itself aborts an empty message
        for prefix in ["Merge ", "Revert \"", "fixup! ", "squash! ", "amend! "] where subject.hasPrefix(prefix) { return nil }
        let shown = subject.count > 60 ? String(subject.prefix(60)) + "…" : subject
        guard let open = subject.firstIndex(of: "("), let close = subject.firstIndex(of: ")"), open < close else {
            return "commit subject \"\(shown)\" is not <type>(<PackName>): <summary>"
        }
        let type = String(subject[..<open])
        let scope = String(subject[subject.index(after: open)..<close])
        var rest = subject[subject.index(after: close)...]
        if rest.hasPrefix("!") { rest = rest.dropFirst() }
        guard types.contains(type) else {
            return "commit subject \"\(shown)\": type \"\(type)\" is not one of \(types.joined(separator: ", "))"
        }
        guard packs.isEmpty || packs.contains(scope) else {
            return "commit subject \"\(shown)\": (\(scope)) is not a pack of this repository (\(packs.joined(separator: ", ")))"
        }
        guard rest.hasPrefix(": "), !rest.dropFirst(2).trimmingWhitespace().isEmpty else {
            return "commit subject \"\(shown)\" needs \": <summary>\" after (\(scope))"
        }
        return nil
    }
}
