import Foundation

/// The commit message convention of rule S50, `<type>(<PackName>): <summary>`, made to fit commits that
/// are not about one pack. Checked by the commit-msg hook when `.flow/config.yml` has
/// `commitConvention: true` (what `flow init` writes for a new repository), on the packs the
/// staged change touches (`touched`: directories under the packs root):
///
/// - touching no pack (a root README, CI files, the repository set-up): `<type>: <summary>`; a
///   scope is optional and, when given, is `repo` or a pack of the repository (an amend that only
///   rewords a pack's commit stages nothing);
/// - touching one pack: `<type>(<Pack>): <summary>`;
/// - touching several: the scope names any of them, or lists them with commas
///   (`feat(Demo,Other): …`); every name listed must be a touched pack.
///
/// `!` before the colon (a breaking change) is accepted. Comment lines and git's own subjects
/// (merges, reverts, fixup!/squash!/amend!) are left alone.
public enum CommitConvention {
    public static let types = ["feat", "fix", "docs", "test", "refactor", "chore", "version"]
    /// The scope of a change that is about the repository, not a pack.
    public static let repositoryScope = "repo"

    /// A subject split into its parts; nil parts where the subject does not have them.
    struct Parts {
        var type: String
        var scopes: [String]?
        var summary: String?
        /// What follows the colon, trimmed (the summary even without its space).
        var rest: String
    }

    static func subject(of message: String, commentChar: Character) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
            .first { !$0.isEmpty && $0.first != commentChar } ?? ""
    }

    static func isGitsOwn(_ subject: String) -> Bool {
        ["Merge ", "Revert \"", "fixup! ", "squash! ", "amend! "].contains { subject.hasPrefix($0) }
    }

    /// `type(scope)!: summary` → parts; nil when there is no colon after a type-like word.
    static func parse(_ subject: String) -> Parts? {
        guard let colon = subject.firstIndex(of: ":") else { return nil }
        var head = subject[..<colon]
        if head.hasSuffix("!") { head = head.dropLast() }
        var scopes: [String]?
        if let open = head.firstIndex(of: "(") {
            guard head.hasSuffix(")") else { return nil }
            scopes = head[head.index(after: open)..<head.index(before: head.endIndex)]
                .split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            head = head[..<open]
        }
        let type = String(head)
        guard !type.isEmpty, type.allSatisfy({ $0.isLetter }) else { return nil }
        let rest = subject[subject.index(after: colon)...]
        let summary = rest.hasPrefix(" ") ? rest.dropFirst().trimmingWhitespace() : nil
        return Parts(type: type, scopes: scopes, summary: summary.flatMap { $0.isEmpty ? nil : $0 }, rest: rest.trimmingWhitespace())
    }

    /// Why the message breaks the convention, or nil. `packs`: the repository's packs;
    /// `touched`: the packs the commit changes.
    public static func problem(
        in message: String, packs: [String], touched: [String] = [],
        commentChar: Character = "#"
    ) -> String? {
        let subject = subject(of: message, commentChar: commentChar)
        if subject.isEmpty || isGitsOwn(subject) { return nil }  // git itself aborts an empty message
        let shown = subject.count > 60 ? String(subject.prefix(60)) + "…" : subject
        let form = touched.isEmpty ? "<type>: <summary>" : "<type>(<PackName>): <summary>"
        guard let parts = parse(subject) else {
            return "commit subject \"\(shown)\" is not \(form)"
        }
        guard types.contains(parts.type) else {
            return "commit subject \"\(shown)\": type \"\(parts.type)\" is not one of \(types.joined(separator: ", "))"
        }
        let touching = touched.joined(separator: ", ")
        if let scopes = parts.scopes {
            if scopes.contains(where: \.isEmpty) {
                return "commit subject \"\(shown)\": the scope () names nothing"
            }
            if touched.isEmpty {
                if let other = scopes.first(where: { $0 != repositoryScope && !packs.contains($0) }) {
                    return "commit subject \"\(shown)\": (\(other)) is not a pack of this repository (\(packs.joined(separator: ", "))) "
                        + "nor (\(repositoryScope)); this commit touches no pack, so the scope may be left out"
                }
            } else if let other = scopes.first(where: { !touched.contains($0) }) {
                return "commit subject \"\(shown)\": (\(other)) is not a pack this commit touches (\(touching))"
            }
        } else if !touched.isEmpty {
            return "commit subject \"\(shown)\" names no pack, but this commit touches \(touching): \(form)"
        }
        guard parts.summary != nil else {
            return "commit subject \"\(shown)\" needs \": <summary>\" after the type"
        }
        return nil
    }

    /// A subject in the convention for this commit, keeping what the message says: its type when
    /// it is one of `types` (else `feat` for a pack, `chore` for the repository), its scope when it
    /// names touched packs, its summary (or the whole subject when it has none).
    public static func suggestedSubject(
        for message: String, packs: [String], touched: [String] = [],
        commentChar: Character = "#"
    ) -> String {
        let subject = subject(of: message, commentChar: commentChar)
        let parts = parse(subject)
        let type = parts.map(\.type).flatMap { types.contains($0) ? $0 : nil } ?? (touched.isEmpty ? "chore" : "feat")
        var summary = parts?.rest ?? subject
        if summary.isEmpty { summary = "what changed" }
        if touched.isEmpty { return "\(type): \(summary)" }
        let scopes = parts?.scopes.map { $0.filter(touched.contains) } ?? []
        return "\(type)(\(scopes.isEmpty ? touched[0] : scopes.joined(separator: ","))): \(summary)"
    }

    /// The fix for a refused message: one command line, `git commit -m '<suggested subject>'`.
    public static func fix(for message: String, packs: [String], touched: [String] = [], commentChar: Character = "#") -> String {
        "git commit -m " + Shell.quote(suggestedSubject(for: message, packs: packs, touched: touched, commentChar: commentChar))
    }
}
