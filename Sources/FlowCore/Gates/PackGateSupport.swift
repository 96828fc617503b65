import Foundation

extension GateContext {
    /// The layout of the pack a pack-scoped gate is asked about.
    var layout: PackLayout? { pack.map { PackLayout(pack: $0, packsRoot: config.packsRoot) } }

    /// Why the pack already has a published history (so its version, release notes and tags
    /// stay as they are), or nil for a pack new to the repository. `tags: false` leaves release
    /// tags out (a marketplace pack counts as published only once it is on main upstream).
    func publishedHistory(_ layout: PackLayout, tags useTags: Bool = true) throws -> String? {
        if let version = config.released[layout.pack] { return "recorded as released at \(version) (flow adopt)" }
        if useTags,
            let tag = try git.tags().first(where: {
                PackInitialVersionGate.releasedVersion($0.name, pack: layout.pack, config) != nil
            })
        {
            return "release tag \(tag.name) exists"
        }
        if let main = try git.resolveCommit("refs/heads/\(config.mainBranch)"),
            try git.treeID(of: layout.directory, atCommit: main) != nil
        {
            return "\(layout.directory) is already on \(config.mainBranch)"
        }
        return nil
    }

    /// The lines of `path` (a file of the pack) this change adds or modifies, judged as lint's
    /// `findings: changed-lines` judges them (`ChangedLineScope`): the file as this context reads
    /// it (work tree, index or a commit's tree) against its content at the merge-base with main,
    /// by `ToolFindings.addedLines`. nil when all of it counts: no merge-base, a pack that was not
    /// there (new to the repository), or a file that was not.
    func changedLines(_ path: String, of layout: PackLayout) throws -> Set<Int>? {
        guard let base = try git.mergeBase(with: "refs/heads/\(config.mainBranch)"),
            try git.treeID(of: layout.directory, atCommit: base) != nil,
            let old = try git.fileContent(path, at: base)
        else { return nil }
        let new = files.read(path) ?? []
        return ToolFindings.addedLines(old: String(decoding: old, as: UTF8.self), new: String(decoding: new, as: UTF8.self))
    }

    /// `ReleaseNotes.format` for this pack: its folders and its display name.
    func releaseNotesFormat(_ layout: PackLayout) -> String {
        let folders = (files.list(layout.directory) ?? []).filter { files.isDirectory("\(layout.directory)/\($0)") }
        let name: String
        if case .success(let metadata) = layout.readMetadata(files), let display = metadata.name, !display.isEmpty {
            name = display
        } else {
            name = layout.pack
        }
        return ReleaseNotes.format(folders: folders, packName: name)
    }

    /// Every file under `directory` (relative paths from the repository root), depth first, sorted.
    /// A symbolic link to a directory is not followed (git stores the link, not what it points
    /// at), so `a -> .` and `b -> .` cannot make the walk endless.
    func allFiles(under directory: String) -> [String] {
        guard let names = files.list(directory) else { return [] }
        var result: [String] = []
        for name in names {
            let path = directory + "/" + name
            if files.isDirectory(path) {
                if !files.isSymbolicLink(path) { result += allFiles(under: path) }
            } else {
                result.append(path)
            }
        }
        return result
    }

    /// Component directories (`Integrations/X`, `Scripts/X`) of the pack, as (kind, name, path).
    func components(_ kinds: [String] = ["Integrations", "Scripts"]) -> [(kind: String, name: String, path: String)] {
        guard let root = packDirectory else { return [] }
        var result: [(String, String, String)] = []
        for kind in kinds {
            for name in files.list("\(root)/\(kind)") ?? [] where files.isDirectory("\(root)/\(kind)/\(name)") {
                result.append((kind, name, "\(root)/\(kind)/\(name)"))
            }
        }
        return result
    }
}

/// Building blocks for the pack gates' examples (pack `Demo`, as the example tests configure it).
enum PackExample {
    static let dir = "Packs/Demo"

    static func metadata(version: String = "1.0.0", name: String = "Demo", extra: String = "") -> String {
        """
        {"name": "\(name)", "description": "A demo pack", "support": "community", "currentVersion": "\(version)",
         "author": "Tester", "url": "", "created": "2026-01-01T00:00:00Z", "categories": ["Utilities"], "tags": [],
         "useCases": [], "keywords": [], "marketplaces": ["xsoar"]\(extra)}
        """
    }

    static func file(_ relative: String, _ text: String) -> RepoStep { .write("\(dir)/\(relative)", text) }

    static let notes = "#### Integrations\n\n##### Demo\n\n- Initial release of **Demo**.\n"

    /// A PNG signature and IHDR chunk claiming the given size (enough for a header check).
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height)
            + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }
}
