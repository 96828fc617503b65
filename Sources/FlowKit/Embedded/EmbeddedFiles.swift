import FlowCheckers
import FlowLint
import FlowValidation
import FlowWorkflows

/// Files flow reads at run time that are compiled into the executable (Package.swift's
/// `embeddedFolder`), looked up by their path in flow's source tree, e.g. `Workflows/minimal.yml`.
/// A copied or installed binary therefore needs no source checkout beside it.
public enum EmbeddedFiles {
    /// One embedded folder: its path in the source tree and its files by name.
    public struct Folder: Sendable {
        public let path: String
        public let files: [String: [UInt8]]
    }

    /// Every embedded folder. A new folder (Package.swift says how) gets its line here.
    public static let folders: [Folder] = [
        Folder(path: FlowWorkflows.folder, files: FlowWorkflows.files),
        Folder(path: FlowCheckers.folder, files: FlowCheckers.files),
        Folder(path: FlowLint.folder, files: FlowLint.files),
        Folder(path: FlowValidation.folder, files: FlowValidation.files),
    ]

    /// Source-tree path → bytes, for every embedded file.
    public static let all: [String: [UInt8]] = {
        var all: [String: [UInt8]] = [:]
        for folder in folders {
            for (name, bytes) in folder.files { all[folder.path + "/" + name] = bytes }
        }
        return all
    }()

    /// The bytes of an embedded file (`Workflows/minimal.yml`), or nil when nothing is embedded at that path.
    public static func bytes(_ path: String) -> [UInt8]? { all[path] }

    /// The names of the files embedded from one folder, sorted.
    public static func names(in folder: String) -> [String] {
        folders.first { $0.path == folder }?.files.keys.sorted() ?? []
    }
}
