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

    func run() throws {
        try runReporting {
            let result = try Builder(project: repository.project()).build(pack: pack)
            if output.json {
                printOut(JSONOutput.render(result))
            } else {
                printOut("""
                Built \(result.zipPath)
                  tag \(result.manifest.tag), commit \(result.manifest.commit.prefix(12)), sha256 \(result.manifest.sha256)
                  manifest \(result.manifestPath)
                """)
            }
            return .success
        }
    }
}
