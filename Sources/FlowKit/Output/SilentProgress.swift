import FlowCore
import FlowGit
import Foundation

/// No progress at all (tests, `--json` callers that want silence).
public struct SilentProgress: ActionProgress {
    public init() {}
    public func started(phase: String, tool: String, pack: String?) {}
    public func finished() {}
}
