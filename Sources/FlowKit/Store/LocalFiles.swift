import FlowCore
import Foundation

/// The work tree on disk, read-only, for gates.
public struct LocalFiles: FileReading {
    public let root: String

    public init(root: String) { self.root = root }

    func full(_ path: String) -> String { path.isEmpty ? root : root + "/" + path }

    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: full(path)).map { [UInt8]($0) }
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: full(path), isDirectory: &isDir) && isDir.boolValue
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: full(path)) }

    public func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: full(path)))?[.type] as? FileAttributeType == .typeSymbolicLink
    }

    public func isSubmodule(_ path: String) -> Bool {
        !path.isEmpty && !isSymbolicLink(path) && isDirectory(path) && FileManager.default.fileExists(atPath: full(path) + "/.git")
    }

    public func list(_ path: String) -> [String]? {
        guard isDirectory(path) else { return nil }
        return (try? FileManager.default.contentsOfDirectory(atPath: full(path)))?.sorted()
    }
}
