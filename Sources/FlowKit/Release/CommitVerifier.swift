import FlowCore
import FlowGit
import Foundation

/// `flow verify commits`: every non-merge commit of a range carries, for each configured pack it
/// contains, an evidence trailer whose tree id is the pack's tree in that commit.
public struct CommitsReport: Codable, Equatable, Sendable {
    public struct Offender: Codable, Equatable, Sendable {
        public let commit: String
        public let subject: String
        public let reasons: [String]
    }

    public let range: String
    public let checked: Int
    public let skippedMerges: Int
    public let offenders: [Offender]
    public var passed: Bool { offenders.isEmpty }
}

public enum CommitVerifier {
    /// Resolves `A..B` (or the default `origin/<main>..HEAD`, else `<main>..HEAD`) and checks it.
    public static func verify(_ project: Project, range: String?) throws -> CommitsReport {
        let repo = project.repository
        let (baseSpec, tipSpec) = try split(range, project)
        guard let tip = try git({ try repo.resolveCommit(tipSpec) }) else {
            throw FlowError.invalid("\(tipSpec) does not name a commit here", hint: "pass --range BASE..TIP with existing revisions")
        }
        var base: String?
        if let baseSpec {
            guard let resolved = try git({ try repo.resolveCommit(baseSpec) }) else {
                throw FlowError.invalid("\(baseSpec) does not name a commit here",
                                        hint: "fetch it (git fetch origin \(project.config.mainBranch)) or pass --range BASE..TIP")
            }
            base = resolved
        }
        let shown = "\(baseSpec.map { $0 + ".." } ?? "")\(tipSpec)"
        return try git { try check(repo, project, base: base, tip: tip, shown: shown) }
    }

    static func split(_ range: String?, _ project: Project) throws -> (String?, String) {
        if let range {
            let parts = range.components(separatedBy: "..")
            guard parts.count == 2, !parts[1].hasPrefix("."), !parts[0].isEmpty || !parts[1].isEmpty else {
                throw FlowError.invalid("--range \(range) is not of the form BASE..TIP", hint: "e.g. --range origin/main..HEAD")
            }
            return (parts[0].isEmpty ? "HEAD" : parts[0], parts[1].isEmpty ? "HEAD" : parts[1])
        }
        let main = project.config.mainBranch
        if try git({ try project.repository.resolveCommit("refs/remotes/origin/\(main)") }) != nil {
            return ("origin/\(main)", "HEAD")
        }
        if try git({ try project.repository.resolveCommit("refs/heads/\(main)") }) != nil {
            return (main, "HEAD")
        }
        throw FlowError.invalid("neither origin/\(main) nor \(main) exists, so there is no default range",
                                hint: "pass --range BASE..TIP (in CI: git fetch origin \(main))")
    }

    static func check(_ repo: Repository, _ project: Project, base: String?, tip: String, shown: String) throws -> CommitsReport {
        var offenders: [CommitsReport.Offender] = []
        var checked = 0
        var merges = 0
        for id in try repo.commits(from: base, to: tip) {
            let info = try repo.commitInfo(id)
            if info.isMerge {
                merges += 1
                continue
            }
            checked += 1
            let reasons = try problems(of: info, repo, project.config)
            if !reasons.isEmpty {
                offenders.append(.init(commit: String(id.prefix(12)), subject: info.subject, reasons: reasons))
            }
        }
        return CommitsReport(range: shown, checked: checked, skippedMerges: merges, offenders: offenders)
    }

    /// Why one commit fails, empty when it passes.
    static func problems(of info: CommitInfo, _ repo: Repository, _ config: ProjectConfig) throws -> [String] {
        let trailers = EvidenceTrailer.all(in: info.message)
        var reasons = EvidenceTrailer.malformed(in: info.message).map { "malformed trailer: \($0)" }
        var releaseShaped: Bool?
        for pack in config.packs {
            let layout = PackLayout(pack: pack, packsRoot: config.packsRoot)
            guard let tree = try repo.treeID(of: layout.directory, atCommit: info.id) else { continue }
            guard let trailer = trailers.first(where: { $0.pack == pack }) else {
                reasons.append("no \(EvidenceTrailer.key) trailer for pack \(pack) (committed with --no-verify, or without flow's hooks?)")
                continue
            }
            if trailer.tree != tree {
                reasons.append("pack \(pack): the trailer's tree \(trailer.tree.prefix(12)) is not the committed tree "
                               + "\(tree.prefix(12)) (the content changed after the checks ran)")
            }
            if trailer.isRelease {
                if releaseShaped == nil { releaseShaped = try isVersionBump(info.id, repo, config) }
                if releaseShaped == false {
                    reasons.append("pack \(pack): checks=release, but the commit changes more than pack_metadata.json and ReleaseNotes/")
                }
            } else if !trailer.coversRequiredChecks {
                let missing = EvidenceTrailer.requiredChecks.filter { !trailer.checks.contains($0) }
                reasons.append("pack \(pack): the trailer lacks the checks \(missing.joined(separator: ", "))")
            }
        }
        return reasons
    }

    /// A `flow release` bump commit changes only pack_metadata.json and ReleaseNotes/ of configured packs.
    static func isVersionBump(_ id: String, _ repo: Repository, _ config: ProjectConfig) throws -> Bool {
        let layouts = config.packs.map { PackLayout(pack: $0, packsRoot: config.packsRoot) }
        let paths = try repo.changedPaths(id)
        return !paths.isEmpty && paths.allSatisfy { path in
            layouts.contains { path == $0.metadata || path.hasPrefix($0.releaseNotesDirectory + "/") }
        }
    }

    /// Turns libgit2 failures into exit 2 with the reason.
    static func git<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GitError {
            throw FlowError(error)
        }
    }
}
