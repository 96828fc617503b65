/// What a phase is for, as far as flow's own commands are concerned. The commands that do a
/// phase's work themselves ask the workflow for the phase with their role (`role:` in the
/// workflow file) instead of knowing phase ids, so a workflow may name its phases as it likes.
public enum PhaseRole: String, CaseIterable, Sendable, Codable {
    /// Where `flow feature start` puts a new feature branch (the phases before it count as done).
    case featureStart = "feature-start"
    /// The phase whose work is committed: the content gates (`pack.*`, `docs.*`) of every phase
    /// before it are asked again of the staged tree at commit time and of each commit in CI.
    case commit
    /// The phase that creates the first pack: until main is past it, a feature branch starts
    /// where main stands, so the set-up and create gates are not skipped.
    case create
    /// The phase `flow release` does on main (tag, bump); the pre-commit hook lets the bump commit
    /// onto main only while main is recorded at this phase. `flow release` needs it.
    case release
    /// The phase `flow build` belongs to: zipping the tagged release. `flow build` needs it, and it
    /// needs a release phase before it.
    case build

    /// One line for `flow workflow lint` and the docs.
    public var summary: String {
        switch self {
        case .featureStart: return "where `flow feature start` puts a new feature branch"
        case .commit:
            return "the work is committed: the content gates of the phases before it are asked of the staged tree and of every commit"
        case .create: return "creates the first pack; feature branches start where main stands until main is past it"
        case .release: return "what `flow release` does on main: tag the release, bump the version"
        case .build: return "what `flow build` does: zip the tagged release"
        }
    }

    public static var names: [String] { allCases.map(\.rawValue) }
}
