import FlowCore
import FlowGit

// libgit2's answers are the real facts; the signatures already match.
extension Repository: RepositoryFacts {}
