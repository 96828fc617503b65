import FlowCore
import FlowGit
import Foundation
import Testing

/// A pack repository on main, as flow release/build/verify expect it: config, pack_metadata.json
/// written the way demisto-sdk writes it, release notes for the current version.
enum ReleasePackRepo {
    static let pack = "Demo"

    static func metadata(_ version: String) -> String {
        """
        {
            "name": "Demo",
            "description": "A demo pack.",
            "support": "community",
            "currentVersion": "\(version)",
            "author": "Flow Tests",
            "url": "",
            "email": "",
            "created": "2026-01-01T00:00:00Z",
            "categories": [
                "Utilities"
            ],
            "tags": [],
            "useCases": [],
            "keywords": [],
            "marketplaces": [
                "xsoar"
            ]
        }
        """
    }

    static let helloYAML = """
        commonfields:
          id: Hello
          version: -1
        name: Hello
        script: ''
        type: python
        subtype: python3
        tags: []
        comment: Says hello.
        enabled: true
        scripttarget: 0
        dockerimage: demisto/python3:3.10.14.100715
        fromversion: 6.0.0
        tests:
        - No tests

        """

    /// The venv with demisto-sdk the end-to-end tests use (scripts/xsoar-tools.sh), when installed.
    static var sdkBin: String? { XsoarTools.bin }

    /// The shipped minimal workflow tuned (not copied) to need what a pack release needs: checks
    /// test, lint and validate before the commit (stand-ins that pass), release notes and
    /// `demisto-sdk validate -a` at the release.
    static let checkedMinimal = """
        schema: 1
        id: minimal-checked
        extends: minimal
        phases:
          - id: test
            after: develop
            action: {check: test, run: ["true"]}
          - id: lint
            after: test
            action: {check: lint, run: ["true"]}
          - id: validate
            after: lint
            action: {check: validate, run: ["true"]}
          - id: release
            add: [pack.release-notes]
            action: {run: [demisto-sdk, validate, -a], perPack: false, timeout: 900}

        """

    static let notes = "\n#### Scripts\n\n##### Hello\n\n- Initial release of **Hello**.\n"

    static func make(
        version: String = "1.0.0", tagFormat: String? = nil, zipDir: String? = nil,
        extraConfig: String = ""
    ) throws -> TempRepo {
        let repo = try TempRepo()
        var config = "schemaVersion: 1\nworkflow: .flow/workflow.yml\npacks:\n  - \(pack)\n"
        try repo.write(".flow/workflow.yml", checkedMinimal)
        if let tagFormat { config += "tagFormat: \"\(tagFormat)\"\n" }
        config += "zipDir: \(zipDir ?? repo.base + "/zips")\n" + extraConfig
        try repo.write(".flow/config.yml", config)
        try repo.write(".gitignore", "build_dir/\n")
        try repo.write("Packs/Demo/pack_metadata.json", metadata(version))
        try repo.write("Packs/Demo/README.md", "# Demo\n\nA demo pack.\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.yml", helloYAML)
        // Marks an external (non-content) repository for demisto-sdk.
        try repo.write(".private-repo-settings", "")
        try repo.write("Packs/Demo/ReleaseNotes/\(version.replacingOccurrences(of: ".", with: "_")).md", notes)
        try repo.apply([.stage(["."]), .commit("Demo \(version)")])
        // The content was checked (flow release asks evidence for the tree it tags).
        try amendWithTrailer(repo)
        return repo
    }

    /// Runs flow with the shipped workflows and a PATH without demisto-sdk unless given one.
    static func flow(
        _ args: [String], _ repo: TempRepo, in dir: String? = nil,
        environment: [String: String] = [:]
    ) throws -> FlowRun {
        var env = [
            "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows", "PATH": "/usr/local/bin:/usr/bin:/bin",
            "GITHUB_ACTIONS": "false",
        ]
        env.merge(environment) { _, new in new }
        return try FlowBinary.run(args, in: dir ?? repo.path, environment: env)
    }

    /// Adds an evidence trailer for the pack's committed tree to HEAD's message.
    static func amendWithTrailer(_ repo: TempRepo, checks: String = "test,lint,validate", tree: String? = nil) throws {
        let actual = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        let subject = try repo.git(["log", "-1", "--format=%s"])
        try repo.git([
            "commit", "-q", "--amend", "--no-verify", "-m", subject,
            "-m", "Flow-Evidence: pack=Demo tree=\(tree ?? actual) checks=\(checks)",
        ])
    }
}

/// A stand-in `demisto-sdk` on PATH: a shell script that logs its arguments, notes whether the
/// pack's Lists directory is visible, and exits with the given code.
struct FakeSDK {
    let bin: String
    let log: String

    init(base: String, exitCode: Int32) throws {
        bin = base + "/fake-bin"
        log = base + "/fake-sdk.log"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            echo "$*" >> '\(log)'
            if [ -e Packs/Demo/Lists ]; then echo "lists visible" >> '\(log)'; fi
            echo "\u{1B}[31mfake failure output\u{1B}[0m"
            exit \(exitCode)

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: bin + "/demisto-sdk"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/demisto-sdk")
    }

    var path: String { "\(bin):/usr/local/bin:/usr/bin:/bin" }
    var calls: String { FileManager.default.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? "" }
}
