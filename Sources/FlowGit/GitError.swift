internal import CLibGit2

/// Reads `git_error_last()` at once, before any other libgit2 call can overwrite it.
@inline(__always)
func check(_ code: Int32, _ doing: @autoclosure () -> String) throws {
    guard code < 0 else { return }
    throw lastError(code: code, doing: doing())
}

func lastError(code: Int32, doing: String) -> GitError {
    var detail = ""
    if let err = git_error_last(), let text = err.pointee.message {
        detail = String(cString: text)
    }
    let kind: GitError.Kind
    switch code {
    case GIT_ENOTFOUND.rawValue: kind = .notFound
    case GIT_EUNBORNBRANCH.rawValue: kind = .unbornBranch
    case GIT_EBAREREPO.rawValue: kind = .bareRepository
    default: kind = .other
    }
    let suffix = detail.isEmpty ? "" : ": \(detail)"
    return GitError(kind, "\(doing) failed\(suffix)")
}
