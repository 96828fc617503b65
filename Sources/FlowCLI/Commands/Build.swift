import ArgumentParser
import FlowCore
import FlowKit

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Zip the tagged release of a pack into <Pack>-<version>.zip in the zip directory, with a manifest.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The pack to build (default: the first configured pack).")
    var pack: String?

    @Flag(help: "Replace a zip of the same version whose bytes differ from this build's.")
    var force = false

    func run() throws {
        try runReporting {
            let project = try repository.project()
            let result = try Builder(project: project, runner: ReportingRunner(phase: "build", pack: pack ?? project.config.packs.first))
                .build(pack: pack, force: force)
            if output.json {
                printOut(JSONOutput.render(result))
            } else {
                printOut(
                    """
                    Built \(result.zipPath)
                      tag \(result.manifest.tag), commit \(result.manifest.commit.prefix(12)), sha256 \(result.manifest.sha256)
                      manifest \(result.manifestPath)\(result.manifest.replacedSHA256.map { "\n  replaced a different zip (sha256 \($0))" } ?? "")
                    """)
            }
            return .success
        }
    }
}
