import ArgumentParser
import FlowCore
import Foundation

/// A mistyped subcommand answered as git answers one: `flow stauts` → "flow: 'stauts' is not a
/// flow command. Did you mean 'status'?" (exit 64). ArgumentParser would only say "Unexpected
/// argument", so the arguments are looked at first, walking the command tree as the parser does.
enum UnknownCommand {
    /// The message for the first word that stands where a subcommand must and names none, or nil
    /// when every subcommand word is known (the parser then handles the rest, options and all).
    static func message(_ arguments: [String], root: ParsableCommand.Type = FlowCommand.self) -> String? {
        var command = root
        var path = [root._commandName]
        for word in arguments {
            let configuration = command.configuration
            guard !configuration.subcommands.isEmpty, configuration.defaultSubcommand == nil,
                !word.hasPrefix("-"), word != "help"
            else { return nil }
            let names = configuration.subcommands.map { ($0, [$0._commandName] + $0.configuration.aliases) }
            guard let next = names.first(where: { $0.1.contains(word) }) else {
                let known = names.flatMap(\.1)
                let found = ClosestMatch.candidates(for: word, in: known)
                let what = "flow: '\(word)' is not a \(path.joined(separator: " ")) command."
                switch found.count {
                case 0: return "\(what) See '\(path.joined(separator: " ")) --help'."
                case 1: return "\(what) Did you mean '\(found[0])'?"
                default: return "\(what) Did you mean one of these? " + found.map { "'\($0)'" }.joined(separator: ", ")
                }
            }
            command = next.0
            path.append(word)
        }
        return nil
    }
}

extension FlowCommand {
    /// Parses the arguments and runs the command, as ArgumentParser's `main` does; a mistyped
    /// subcommand is answered with the closest names (exit 64). The command tree is walked for
    /// that only once parsing has failed: naming every subcommand costs the runtime a type-name
    /// lookup each, about 2 ms on every run that needs none. Called after the hook's fast path,
    /// whose exact argv never gets here.
    public static func run(_ arguments: [String]) -> Never {
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if let message = UnknownCommand.message(arguments) {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            exit(withError: error)
        }
        exit()
    }
}
