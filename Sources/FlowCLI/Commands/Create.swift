import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write the pack scaffold (demisto-sdk init when installed, else flow's own).",
        discussion: """
            Writes Packs/<Pack>/ with pack_metadata.json (currentVersion 1.0.0, from the survey's answers),
            README.md, .pack-ignore, .secrets-ignore and, for local packs, ReleaseNotes/1_0_0.md. Files that
            already exist are kept, so it also completes a half-done pack.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The pack (default: the first configured pack).") var pack: String?
    @Option(help: "The pack's one-line description.") var description: String?
    @Flag(help: "Write the scaffold without demisto-sdk, even when it is installed.") var noSdk = false
    @Flag(inversion: .prefixedNo, help: "Write ReleaseNotes/1_0_0.md (default: yes).")
    var releaseNotes: Bool?

    func validate() throws {
        // PascalCase for a new pack is checked once the repository is known (an existing pack keeps its name).
        if let pack, let problem = PackName.existingProblem(pack) {
            throw InvalidArgument.refuse("--pack: \(problem)")
        }
    }

    func run() throws {
        try runReporting {
            let options = PackCreator.Options(pack: pack, description: description, noSDK: noSdk, releaseNotes: releaseNotes)
            let result = try PackCreator.create(project: repository.project(), options: options, progress: StandardErrorProgress())
            printOut("Pack \(result.pack) in \(result.directory)\(result.usedSDK ? " (demisto-sdk init)" : "").")
            for file in result.written { printOut("  wrote \(file)") }
            for file in result.kept { printOut("  kept  \(file)") }
            if result.addedToConfig { printOut("Added \(result.pack) to packs in .flow/config.yml: its gates now run too.") }
            printOut(
                "Next: git add -- \(Shell.words(result.filesToStage + (result.addedToConfig ? [ConfigStore.relativePath] : []))) && flow next"
            )
            return .success
        }
    }
}
