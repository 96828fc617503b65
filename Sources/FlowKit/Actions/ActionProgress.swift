import FlowCore
import FlowGit
import Foundation

/// Progress of a running command: one updating line on a terminal, one plain line otherwise.
public protocol ActionProgress {
    func started(phase: String, tool: String, pack: String?)
    func finished()
}
