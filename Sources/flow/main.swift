import FlowCLI

FlowCommand.runHookDirectly(Array(CommandLine.arguments.dropFirst()))
FlowCommand.main()
