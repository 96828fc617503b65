import FlowCore
import Foundation

/// What is left of the build phase's work for each configured pack at its current version: the
/// zip `flow build` writes (with its manifest) and the `flow deploy` of exactly that zip. The
/// phase's gates only say that HEAD may be built; `flow next` asks this before it calls the
/// workflow complete.
public enum BuildProgress {
    /// One line per deploy in the clone's `.git/flow/deployed`: pack, version, the zip's sha256,
    /// what deploy did. A deploy is an event of this clone, like its evidence ledger.
    static func logPath(_ project: Project) -> String { project.store.directory + "/deployed" }

    /// Records a deploy of the zip with `sha256` (uploaded, or left in the zip directory to install by hand).
    static func recordDeploy(_ project: Project, _ result: Deployer.Result, sha256: String) {
        let line = [result.pack, result.version, sha256, result.action].joined(separator: "\t") + "\n"
        let path = logPath(project)
        let old = FileManager.default.contents(atPath: path) ?? Data()
        try? FileManager.default.createDirectory(atPath: project.store.directory, withIntermediateDirectories: true)
        try? AtomicFile.write(old + Data(line.utf8), to: path, durable: false)
    }

    /// What `flow deploy` last did with the zip of `sha256`, nil when it never deployed it.
    static func deployed(_ project: Project, pack: String, version: String, sha256: String) -> String? {
        guard let data = FileManager.default.contents(atPath: logPath(project)) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        return lines.last { $0.count == 4 && $0[0] == pack && $0[1] == version && $0[2] == sha256 }?[3]
    }

    /// The configured zip directory, absolute (nil when none is configured).
    static func zipDirectory(_ project: Project) -> String? {
        guard let configured = project.config.zipDir, !configured.isEmpty else { return nil }
        let expanded = (configured as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded.hasPrefix("/") ? expanded : project.root + "/" + expanded).standardizedFileURL.path
    }

    /// What is missing, with the command that does it; empty when every pack's current version
    /// is built and deployed.
    public static func remaining(_ project: Project) throws -> [(what: String, fix: String)] {
        var missing: [(String, String)] = []
        for pack in project.config.packs {
            let (_, version) = try project.currentVersion(of: pack)
            guard let directory = zipDirectory(project) else {
                missing.append(
                    (
                        "no zip of \(pack) \(version) was built: no zip directory is configured (zipDir)",
                        "flow init --zip-dir DIR && flow build --pack \(pack)"
                    ))
                continue
            }
            let name = "\(pack)-\(version)"
            let zip = directory + "/\(name).zip"
            guard FileManager.default.fileExists(atPath: zip), FileManager.default.fileExists(atPath: directory + "/\(name).json") else {
                missing.append(("no zip of \(pack) \(version) was built (\(zip) is missing)", "flow build --pack \(pack)"))
                continue
            }
            let sha = try ZipCheck.sha256(of: zip)
            if deployed(project, pack: pack, version: version.description, sha256: sha) == nil {
                missing.append(("\(name).zip is built but was not deployed", "flow deploy --pack \(pack)"))
            }
        }
        return missing
    }
}
