import FlowCLI

// `-C DIR` before the subcommand changes the directory first, so the hook's fast path and every
// subcommand see the same arguments and directory.
let arguments = GlobalOptions.apply(Array(CommandLine.arguments.dropFirst()))
FlowCommand.runHookDirectly(arguments)
FlowCommand.runPlanDirectly(arguments)
FlowCommand.run(arguments)
