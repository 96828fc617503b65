import FlowCore
import Foundation

/// The options that come before the subcommand, as git's do: `flow -C DIR status` runs
/// `flow status` as if flow was started in DIR. Read before ArgumentParser (and before the hook's
/// fast path) by changing the process's directory, so every subcommand, and every relative path
/// given to it, sees DIR exactly as `cd DIR && flow status` would.
public enum GlobalOptions {
    /// Applies each leading `-C DIR` (or `-CDIR`; a later one is relative to the one before, and
    /// an empty one does nothing, as in git) and returns the arguments after them. A DIR that is
    /// missing or not a directory is exit 2 naming it; `-C` with nothing after it is exit 64.
    public static func apply(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("-C") {
            let directory: String
            if first == "-C" {
                guard rest.count >= 2 else {
                    fail(
                        FlowError(
                            .usage, "-C needs a directory",
                            hint: "give the directory and the command: flow -C DIR COMMAND, e.g. flow -C ../pack-repo status"))
                }
                directory = rest[rest.startIndex + 1]
                rest = rest.dropFirst(2)
            } else {
                directory = String(first.dropFirst(2))
                rest = rest.dropFirst()
            }
            guard !directory.isEmpty else { continue }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
            guard exists, isDirectory.boolValue, FileManager.default.changeCurrentDirectoryPath(directory) else {
                let why = !exists ? "it does not exist" : !isDirectory.boolValue ? "it is not a directory" : "permission denied"
                fail(
                    FlowError.invalid(
                        "cannot change to directory \(directory) (-C): \(why)",
                        hint: "give -C an existing directory, e.g. the root of your content repository"))
            }
        }
        return Array(rest)
    }

    static func fail(_ error: FlowError) -> Never {
        FileHandle.standardError.write(Data("flow: error: \(error.description)\n".utf8))
        exit(error.status.rawValue)
    }
}
