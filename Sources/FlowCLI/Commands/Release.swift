import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "On main: tag the release (annotated), then bump to the next version with a ReleaseNotes stub.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Which part of the version to bump after tagging: patch, minor or major.")
    var bump: String = "patch"

    @Option(help: "The pack to release (default: the first configured pack).")
    var pack: String?

    @Flag(help: "Tag without running demisto-sdk validate -a (the tag message records it; flow verify release reports it).")
    var skipValidate = false

    func validate() throws {
        guard SemVer.Part(rawValue: bump) != nil else {
            throw InvalidArgument.refuse("--bump \(bump) is not one of patch, minor, major", fix: "flow release --bump patch")
        }
    }

    func run() throws {
        try runReporting {
            let project = try repository.project()
            let result = try Releaser(project: project, runner: ReportingRunner(phase: "release", pack: pack ?? project.config.packs.first))
                .release(pack: pack, bump: SemVer.Part(rawValue: bump) ?? .patch, skipValidate: skipValidate)
            if output.json {
                printOut(JSONOutput.render(result))
            } else {
                printOut(
                    """
                    Tagged \(result.pack) \(result.version) as \(result.tag) (validate: \(result.validate)).
                    Bumped to \(result.nextVersion): write what changes in \(result.releaseNotesStub) as you go.
                    Next: check out \(result.tag) and run `flow build`; push with `git push --follow-tags origin \(project.config.mainBranch)`.
                    """)
            }
            return .success
        }
    }
}
