import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct TestRequirementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-requirements",
        abstract: "The extra packages the unit tests import (.flow/test-requirements.txt), installed pinned for the test phase.",
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install .flow/test-requirements.txt (name==version lines) where the test phase finds them.",
            discussion: """
                pip (python3 -m pip, the Python the tests run with) installs exactly the listed pins,
                without dependencies of its choosing, into .git/flow/test-requirements/, keyed by the
                list and the Python version; the test action puts them on PYTHONPATH through
                {testRequirementsPath}. In CI, install the base branch's list, which judges:
                --from origin/main. With testsInImage: true it also installs flow's pytest set for
                the images.
                """)

        @OptionGroup var repository: RepositoryOptions
        @Option(name: .customLong("from"), help: "Install the list committed at this revision (CI: the base branch).")
        var revision: String?

        func run() throws {
            try runReporting {
                let project = try repository.project()
                for line in try TestRequirements.installAll(project: project, from: revision, runner: ProcessRunner()) {
                    printOut(line)
                }
                return .success
            }
        }
    }
}
