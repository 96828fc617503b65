import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct Adopt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Bring an existing pack under flow, keeping its name, version and release notes.",
        discussion: """
            For a pack that already exists (copied from the content repository or another repository):
            it is added to `packs:` in .flow/config.yml; nothing in the pack is changed. With --released,
            its current version is recorded as already published, so the 1.0.0 rule for new packs does
            not apply and the next change bumps from it. A pack already on main or with a release tag
            needs no --released: flow sees its history.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The pack's directory name under Packs/ (e.g. HelloWorldPremium-Resell).") var pack: String
    @Flag(help: "Record the pack's current version as already released.") var released = false

    func validate() throws {
        if let problem = PackName.existingProblem(pack) {
            throw InvalidArgument.refuse(
                "--pack: \(problem)", fix: "give the pack's directory name under Packs/ (letters, digits, - and _); nothing was written")
        }
    }

    func run() throws {
        try runReporting {
            let result = try PackAdopter.adopt(project: repository.project(), pack: pack, released: released)
            printOut("Adopted \(result.pack) at \(result.version)\(result.addedToConfig ? " (added to packs in .flow/config.yml)" : "").")
            if result.recordedReleased {
                printOut("Recorded \(result.version) as released: the version and its release notes stay as they are;")
                printOut("the next change bumps from \(result.version) and writes its own release notes.")
            } else {
                printOut("Not recorded as released: a pack that is not on main and has no release tag counts as new (1.0.0).")
                printOut("If \(result.version) is already published, run: flow adopt --pack \(result.pack) --released")
            }
            if result.debt > 0 {
                printOut("Recorded \(result.debt) finding(s) of the content gates as \(result.pack)'s debt in \(Baseline.relativePath):")
                printOut("the gates list them as known and refuse only new ones; flow debt shows what is left.")
                printOut("Next: git add .flow/config.yml \(Baseline.relativePath) && flow status")
            } else {
                printOut("Next: git add .flow/config.yml && flow status")
            }
            return .success
        }
    }
}
