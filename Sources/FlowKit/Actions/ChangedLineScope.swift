import FlowCore
import FlowGit
import Foundation

/// The lines a change adds or modifies in a pack that was already on the main branch where the
/// change started (`findings: changed-lines`): each file's work-tree content against its content
/// at that commit. A pack that was not there yet is new and has no scope: it is judged whole.
final class ChangedLineScope {
    let project: Project
    let base: String
    private var cache: [String: Set<Int>?] = [:]

    private init(project: Project, base: String) {
        self.project = project
        self.base = base
    }

    /// nil when there is no base to compare with or the pack is not in it.
    static func make(project: Project, since spec: String, packDir: String) throws -> ChangedLineScope? {
        let repository = project.repository
        do {
            guard let base = try repository.mergeBase(with: spec),
                try repository.treeID(of: packDir, atCommit: base) != nil
            else { return nil }
            return ChangedLineScope(project: project, base: base)
        } catch let error as GitError {
            throw FlowError(error, doing: "comparing \(packDir) with \(spec)")
        }
    }

    /// The changed line numbers of `file` (as a tool printed it: relative to the root, or
    /// absolute under it); nil when the file is new since the base (all of it counts).
    func lines(_ file: String) -> Set<Int>? {
        let path = relative(file)
        if let known = cache[path] { return known }
        var answer: Set<Int>?
        if let old = try? project.repository.fileContent(path, at: base) {
            let new = FileManager.default.contents(atPath: project.root + "/" + path).map { [UInt8]($0) } ?? []
            answer = ToolFindings.addedLines(old: String(decoding: old, as: UTF8.self), new: String(decoding: new, as: UTF8.self))
        }
        cache[path] = answer
        return answer
    }

    func relative(_ file: String) -> String {
        var path = file
        if path.hasPrefix(project.root + "/") { path.removeFirst(project.root.count + 1) }
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }
}
