import FlowCore
import Foundation

/// `flow adopt`: bring a pack that already exists (copied from the content repository, a fork or
/// another repository) under flow without touching its files. Its name is kept as it is when it
/// is a safe directory name; with `released`, its current version is recorded as already
/// published, so the gates keep its history (no 1.0.0 rule, no PascalCase rule) and the next
/// change bumps from it.
public enum PackAdopter {
    public struct Result: Equatable {
        public let pack: String
        public let version: String
        /// The version recorded as released, when asked to.
        public let recordedReleased: Bool
        public let addedToConfig: Bool
        /// Findings of the content gates recorded as the pack's debt in `.flow/baseline.txt`.
        public var debt = 0
    }

    public static func adopt(project: Project, pack: String, released: Bool) throws -> Result {
        if let problem = PackName.existingProblem(pack) {
            throw FlowError.invalid(problem, hint: "adopt a pack by its directory name under \(project.config.packsRoot)/")
        }
        let layout = project.layout(pack)
        guard FileManager.default.fileExists(atPath: project.root + "/" + layout.metadata) else {
            throw FlowError.invalid(
                "\(layout.metadata) does not exist: there is no pack \(pack) to adopt",
                hint: "copy the pack into \(layout.directory) first, or create a new one with flow create --pack \(pack)")
        }
        let (_, version) = try project.currentVersion(of: pack)
        var config = project.config
        let addedToConfig = !config.packs.contains(pack)
        if addedToConfig { config.packs.append(pack) }
        if released { config.released[pack] = version.description }
        if config != project.config { try ConfigStore.save(config, root: project.root) }
        var result = Result(pack: pack, version: version.description, recordedReleased: released, addedToConfig: addedToConfig)
        // An existing pack pays only for what a change touches: what the gates find today is its
        // recorded debt, which the gates list instead of refusing.
        result.debt = try PackDebt.record(try Project.open(at: project.root), pack: pack)
        return result
    }
}
