import ArgumentParser
import FlowCore
import FlowKit

public let flowVersion = "0.1.0"

/// `flow`: the Cortex XSOAR content-pack lifecycle as a state machine over the real git state.
public struct FlowCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Walk a Cortex XSOAR content pack through its lifecycle, with gates checked on the real git state.",
        usage: "flow [-C <dir>] <subcommand>",
        discussion: """
            -C <dir> before the subcommand runs it as if flow was started in <dir>, as git's -C does: \
            relative paths given to the subcommand are then relative to <dir>.

            Exit codes: 0 success, 1 blocked (a gate or verification failed), 2 invalid input, \
            3 an external tool is missing, 64 usage error.
            """,
        version: flowVersion,
        subcommands: [
            Init.self, Status.self, Next.self, Check.self, Phases.self, Goto.self, WorkflowCommand.self,
            Create.self, Adopt.self, Debt.self, Fix.self, Feature.self, Hooks.self, Hook.self, Doctor.self, DemoCommand.self,
            ReleaseCommand.self, BuildCommand.self, DeployCommand.self, VerifyCommand.self, TestRequirementsCommand.self,
        ]
    )

    public init() {}
}
