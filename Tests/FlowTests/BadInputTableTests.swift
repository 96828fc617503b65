import FlowCore
import FlowKit
import Foundation
import Testing

/// The bad-input table: what a user sees from the real `flow` binary when the repository, the
/// workflow, the configuration, the state or a pack is malformed or unusual. Each row sets up a
/// real temporary repository, runs one flow command, and states the exit code (DESIGN.md: 0 ok,
/// 1 blocked, 2 invalid input, 3 tool missing, 64 usage) and pieces of the message (the file, the
/// line, the fix). Every row also shows flow did not crash and that no state or configuration file
/// was lost or reset.
struct BadInputRow: CustomTestStringConvertible, Sendable {
    let name: String
    /// Builds the scene; returns the directory flow runs in (nil: the repository).
    let setup: @Sendable (TempRepo) throws -> String?
    let args: [String]
    let status: Int32
    /// Pieces of stdout + stderr the user must see.
    let says: [String]
    /// Pieces that must not appear (a wrong verdict, a path escape).
    let never: [String]
    let environment: [String: String]
    /// The command legitimately writes state (new branch entries); existing entries must survive.
    let writesState: Bool
    /// Further checks on the repository after the run.
    let then: (@Sendable (TempRepo, FlowRun) throws -> Void)?

    var testDescription: String { name }

    init(
        _ name: String, _ args: [String], exit status: Int32, says: [String], never: [String] = [],
        environment: [String: String] = [:], writesState: Bool = false,
        setup: @escaping @Sendable (TempRepo) throws -> String?,
        then: (@Sendable (TempRepo, FlowRun) throws -> Void)? = nil
    ) {
        self.name = name
        self.setup = setup
        self.args = args
        self.status = status
        self.says = says
        self.never = never
        self.environment = environment
        self.writesState = writesState
        self.then = then
    }
}

/// Scenes the rows build on.
enum Scene {
    static let zip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)

    /// A first commit, an origin, and `flow init` with the minimal workflow (config + state written).
    @discardableResult
    static func minimal(_ repo: TempRepo) throws -> String? {
        try repo.apply(initialCommit + [.remote("origin", url: "../origin.git")])
        let run = try FlowBinary.run(CLITests.initArgs, in: repo.path)
        guard run.status == 0 else { throw FlowError(.blocked, "flow init failed: \(run.stderr)") }
        return nil
    }

    /// `minimal`, then on a feature branch.
    @discardableResult
    static func feature(_ repo: TempRepo) throws -> String? {
        try minimal(repo)
        try repo.apply([.branch("feature/x")])
        return nil
    }

    /// A pack repository configured for the shipped xsoar-local workflow, with state from `flow init`.
    @discardableResult
    static func xsoar(_ repo: TempRepo, metadata: String? = PackExampleText.metadata()) throws -> String? {
        try repo.apply(initialCommit + [.remote("origin", url: "../origin.git")])
        let run = try FlowBinary.run(
            [
                "init", "--pack", "Demo", "--pack-type", "local", "--platform", "xsoar6",
                "--author", "Me", "--category", "Utilities", "--support", "community",
                "--zip-dir", repo.base + "/zips", "--workflow", "xsoar-local",
            ], in: repo.path)
        guard run.status == 0 else { throw FlowError(.blocked, "flow init failed: \(run.stderr)") }
        try repo.write("Packs/Demo/README.md", "# Demo\n\nA demo pack.\n")
        try repo.write("Packs/Demo/.pack-ignore", "")
        try repo.write("Packs/Demo/.secrets-ignore", "")
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", "\n#### Scripts\n\n##### Hello\n\n- Initial release.\n")
        if let metadata { try repo.write("Packs/Demo/pack_metadata.json", metadata) }
        return nil
    }

    /// A one-commit repository beside `repo`, added as a submodule at `path`.
    static func submodule(_ repo: TempRepo, at path: String) throws {
        let sub = repo.base + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        try repo.git(["init", "-q", "-b", "main"], in: sub)
        try repo.git(["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "s"], in: sub)
        try repo.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, path])
    }

    /// `flow next` `times` times, each required to succeed.
    static func next(_ repo: TempRepo, times: Int) throws {
        for _ in 0..<times {
            let run = try FlowBinary.run(["next"], in: repo.path)
            guard run.status == 0 else { throw FlowError(.blocked, "flow next: \(run.stdout)\(run.stderr)") }
        }
    }

    /// Every evidence record is about exactly the tree git would commit for Packs/Demo.
    static func expectEvidenceOnStagedDemo(_ repo: TempRepo) throws {
        let staged = try repo.git(["rev-parse", "\(try repo.git(["write-tree"])):Packs/Demo"])
        let ledger = try StateStore(gitCommonDirectory: repo.path + "/.git").loadEvidence()
        #expect(!ledger.records.isEmpty && ledger.records.allSatisfy { $0.tree == staged })
    }

    /// `minimal`, with `.flow/config.yml` replaced by `bytes`.
    static func config(_ bytes: [UInt8]) -> @Sendable (TempRepo) throws -> String? {
        { repo in
            try minimal(repo)
            try repo.write(".flow/config.yml", bytes)
            return nil
        }
    }

    static func config(_ text: String) -> @Sendable (TempRepo) throws -> String? { config(Array(text.utf8)) }

    /// `minimal`, plus a workflow file `my-flow.yml` holding `bytes`.
    static func workflow(_ bytes: [UInt8]) -> @Sendable (TempRepo) throws -> String? {
        { repo in
            try minimal(repo)
            try repo.write("my-flow.yml", bytes)
            return nil
        }
    }

    static func workflow(_ text: String) -> @Sendable (TempRepo) throws -> String? { workflow(Array(text.utf8)) }

    /// A configuration naming `pack` (written by hand: `flow init` refuses such names), and a valid
    /// pack_metadata.json planted where `Packs/<pack>` would lead, so a path escape would show.
    static func configuredPack(_ pack: String) -> @Sendable (TempRepo) throws -> String? {
        { repo in
            try xsoar(repo)
            try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: xsoar-local\npacks:\n  - \"\(pack)\"\n")
            let target = URL(fileURLWithPath: repo.path + "/Packs/" + pack).standardized.path
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            try Data(PackExampleText.metadata(name: "Planted").utf8)
                .write(to: URL(fileURLWithPath: target + "/pack_metadata.json"))
            try Data("# Planted\n\nplanted\n".utf8).write(to: URL(fileURLWithPath: target + "/README.md"))
            return nil
        }
    }
}

enum PackExampleText {
    static func metadata(version: String? = "1.0.0", name: String = "Demo") -> String {
        let versionField = version.map { "\"currentVersion\": \"\($0)\", " } ?? ""
        return """
            {"name": "\(name)", "description": "A demo pack", "support": "community", \(versionField)\
            "author": "Tester", "url": "", "created": "2026-01-01T00:00:00Z", "categories": ["Utilities"], "tags": [], \
            "useCases": [], "keywords": [], "marketplaces": ["xsoar"]}

            """
    }
}

extension BadInputRow {
    static let brokenYAML = "schema: 1\nid: broken\nphases:\n  - id: a\n    gates: [git.clean\n"
    static let unknownGate = "schema: 1\nid: x\nphases:\n  - id: a\n    gates:\n      - git.clean\n      - git.nope\n"
    static let cycle = "schema: 1\nid: x\nphases:\n  - id: a\n    transitions: [b]\n  - id: b\n    transitions: [a]\n  - id: c\n"

    static let workflowRows: [BadInputRow] = [
        BadInputRow(
            "workflow: malformed YAML (lint)", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:6:1: YAML syntax"], setup: Scene.workflow(brokenYAML)),
        BadInputRow(
            "workflow: malformed YAML (status)", ["status", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:6:1: YAML syntax", "flow workflow lint"], setup: Scene.workflow(brokenYAML)),
        BadInputRow(
            "workflow: empty file (lint)", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml", "the file is empty"], setup: Scene.workflow("")),
        BadInputRow(
            "workflow: empty file (next)", ["next", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml", "the file is empty"], setup: Scene.workflow("")),
        BadInputRow(
            "workflow: only a comment", ["status", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml", "empty"], setup: Scene.workflow("# nothing here\n")),
        BadInputRow(
            "workflow: unknown gate (lint)", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:7:9: unknown gate id git.nope in phase a"], setup: Scene.workflow(unknownGate)),
        BadInputRow(
            "workflow: unknown gate (check)", ["check", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:7:9: unknown gate id git.nope"], setup: Scene.workflow(unknownGate)),
        BadInputRow(
            "workflow: a cycle that strands a phase", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["phase c is unreachable from a"], setup: Scene.workflow(cycle)),
        BadInputRow(
            "workflow: unreachable phase (status)", ["status", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml", "phase c is unreachable from a"], setup: Scene.workflow(cycle)),
        BadInputRow(
            "workflow: transition to an unknown phase", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:5", "transition to unknown phase ghost from phase a"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n    transitions: [ghost]\n")),
        BadInputRow(
            "workflow: a declared loop back is fine", ["workflow", "lint", "my-flow.yml"], exit: 0,
            says: ["my-flow.yml: ok (3 phases; no roles)"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n  - id: b\n    transitions: [c, a]\n  - id: c\n")),
        BadInputRow(
            "workflow: not UTF-8", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml", "file is not UTF-8 text"],
            setup: Scene.workflow([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A])),
        BadInputRow(
            "workflow: huge file", ["status", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml", "at most"],
            setup: Scene.workflow("schema: 1\nid: x\n# " + String(repeating: "x", count: WorkflowLoader.maximumBytes) + "\n")),
        BadInputRow(
            "workflow: deep nesting", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:2:1: nesting deeper than"],
            setup: Scene.workflow("id: x\nphases: " + String(repeating: "[", count: 100_000))),
        // libFuzzer's finding: Yams multiplies base-60 digits without an overflow check (a trap).
        BadInputRow(
            "workflow: a base-60 schema that overflows", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:1:9: unsupported workflow schema 9999999999999999:59:59:59:59:59"],
            setup: Scene.workflow("schema: 9999999999999999:59:59:59:59:59\nid: x\nphases:\n  - id: a\n")),
        BadInputRow(
            "workflow: a base-60 timeout that overflows", ["check", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:7:16: `timeout` must be a positive number of seconds"],
            setup: Scene.workflow(
                "schema: 1\nid: x\nphases:\n  - id: a\n    action:\n      run: [true]\n"
                    + "      timeout: 1:1:1:1:1:1:1:1:1:1:1:1\n")),
        BadInputRow(
            "workflow: a directory given as the file", ["workflow", "lint", "Packs"], exit: 2,
            says: ["Packs:0:0: is a directory, not a workflow file"],
            setup: { repo in
                try Scene.minimal(repo)
                try FileManager.default.createDirectory(atPath: repo.path + "/Packs", withIntermediateDirectories: true)
                return nil
            }),
        BadInputRow(
            "workflow: file does not exist", ["status", "--workflow", "nowhere.yml"], exit: 2,
            says: ["nowhere.yml does not exist"], setup: Scene.minimal),
        BadInputRow(
            "workflow: no shipped workflow of that name", ["status", "--workflow", "nosuch"], exit: 2,
            says: ["no shipped workflow named nosuch", "minimal"], setup: Scene.minimal),
        BadInputRow(
            "workflow show: no shipped workflow of that name", ["workflow", "show", "nosuch"], exit: 2,
            says: ["no shipped workflow named nosuch", "minimal, xsoar-local, xsoar-marketplace"], setup: Scene.minimal),
        // Phase roles (what flow release, build and feature start ask the workflow for).
        BadInputRow(
            "workflow: unknown role", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:5:11: unknown role deploy of phase a (known: feature-start, commit, create, release, build)"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n    role: deploy\n")),
        BadInputRow(
            "workflow: a role declared twice", ["status", "--workflow", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:6:5: role release is declared twice: by phase a (4:5) and phase b"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n    role: release\n  - id: b\n    role: release\n")),
        BadInputRow(
            "workflow: a build phase without a release phase", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:5:5: phase b has role build but no phase has role release", "add `role: release`"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n  - id: b\n    role: build\n")),
        BadInputRow(
            "workflow: a build phase before the release phase", ["workflow", "lint", "my-flow.yml"], exit: 2,
            says: ["my-flow.yml:4:5: the build phase a cannot be reached from the release phase b"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n    role: build\n  - id: b\n    role: release\n")),
        BadInputRow(
            "workflow: roles are listed when the file is fine", ["workflow", "lint", "my-flow.yml"], exit: 0,
            says: ["my-flow.yml: ok (2 phases; roles: release=a, build=b)"],
            setup: Scene.workflow("schema: 1\nid: x\nphases:\n  - id: a\n    role: release\n  - id: b\n    role: build\n")),
        BadInputRow(
            "flow release under a workflow without a release phase: nothing tagged", ["release", "--workflow", "xsoar-marketplace"],
            exit: 2, says: ["workflow xsoar-marketplace has no release phase", "nothing was tagged or changed"],
            setup: Scene.minimal,
            then: { repo, _ in
                let tags = try repo.git(["tag", "--list"])
                #expect(tags.isEmpty)
            }),
        BadInputRow(
            "flow build under a workflow without a build phase", ["build", "--workflow", "xsoar-marketplace"],
            exit: 2, says: ["workflow xsoar-marketplace has no build phase", "role: build"], setup: Scene.minimal),
    ]

    static let configRows: [BadInputRow] = [
        BadInputRow(
            "config: malformed YAML", ["status"], exit: 2,
            says: [".flow/config.yml:3:1: YAML syntax", "fix the YAML, or run `flow init` again"],
            setup: Scene.config("workflow: minimal\npacks: [Demo\n")),
        BadInputRow(
            "config: empty file", ["status"], exit: 2,
            says: [".flow/config.yml is empty", "flow init"], setup: Scene.config("")),
        BadInputRow(
            "config: only comments", ["next"], exit: 2,
            says: [".flow/config.yml is empty", "flow init"], setup: Scene.config("# workflow: minimal\n\n")),
        BadInputRow(
            "config: not UTF-8", ["check"], exit: 2,
            says: [".flow/config.yml is not UTF-8 text", "flow init"], setup: Scene.config([0x77, 0xFF, 0xFE, 0x0A])),
        BadInputRow(
            "config: huge file", ["status"], exit: 2,
            says: [".flow/config.yml", "at most"],
            setup: Scene.config("workflow: minimal\n# " + String(repeating: "x", count: 4 << 20) + "\n")),
        BadInputRow(
            "config: wrong type", ["status"], exit: 2,
            says: [".flow/config.yml is not a valid flow configuration: wrong type at packs"],
            setup: Scene.config("workflow: minimal\npacks: 3\n")),
        BadInputRow(
            "config: a list, not a mapping", ["status"], exit: 2,
            says: [".flow/config.yml:1:1: the configuration is a mapping"], setup: Scene.config("- workflow\n- minimal\n")),
        BadInputRow(
            "config: packsRoot leads outside the repository", ["check"], exit: 2,
            says: [".flow/config.yml: packsRoot ../.. leads outside the repository", "packsRoot"],
            setup: Scene.config("workflow: minimal\npacks: [Demo]\npacksRoot: ../..\n")),
        BadInputRow(
            "config: deep nesting", ["status"], exit: 2,
            says: [".flow/config.yml:2", "nesting deeper than"],
            setup: Scene.config("workflow: minimal\npacks: " + String(repeating: "[", count: 100_000))),
        BadInputRow(
            "config: a base-60 schemaVersion that overflows", ["status"], exit: 2,
            says: [
                ".flow/config.yml:1:16: schemaVersion 9999999999999999:59:59:59:59:59 is not a number flow can read",
                "schemaVersion: 1",
            ],
            setup: Scene.config("schemaVersion: 9999999999999999:59:59:59:59:59\nworkflow: minimal\n")),
        BadInputRow(
            "config: newer schema", ["status"], exit: 2,
            says: [".flow/config.yml has schema version 99", "upgrade flow"],
            setup: Scene.config("schemaVersion: 99\nworkflow: minimal\n")),
        BadInputRow(
            "config: missing", ["status"], exit: 2,
            says: [".flow/config.yml is missing", "flow init"],
            setup: { repo in
                try repo.apply(initialCommit)
                return nil
            }),
        BadInputRow(
            "config: a directory, not a file", ["status"], exit: 2,
            says: ["cannot read", ".flow/config.yml (a directory, or not readable)"], never: ["is missing"],
            setup: { repo in
                try Scene.minimal(repo)
                try FileManager.default.removeItem(atPath: repo.path + "/.flow/config.yml")
                try FileManager.default.createDirectory(atPath: repo.path + "/.flow/config.yml", withIntermediateDirectories: true)
                return nil
            }),
        BadInputRow(
            "config: malformed YAML in a hook", ["hook", "pre-commit"], exit: 2,
            says: [".flow/config.yml:3:1: YAML syntax", "fix the YAML"],
            setup: Scene.config("workflow: minimal\npacks: [Demo\n")),
        BadInputRow(
            "state: newer schema", ["next"], exit: 2,
            says: [".git/flow/state.json has schema version 99, newer than this flow understands", "upgrade flow"],
            setup: { repo in
                try Scene.minimal(repo)
                try repo.write(".git/flow/state.json", "{\"schemaVersion\": 99, \"branches\": {}}\n")
                return nil
            }),
        BadInputRow(
            "state: a directory, not a file", ["next"], exit: 2,
            says: [".git/flow/state.json (a directory, or not readable)", "move it aside"],
            setup: { repo in
                try Scene.minimal(repo)
                try FileManager.default.removeItem(atPath: repo.path + "/.git/flow/state.json")
                try FileManager.default.createDirectory(atPath: repo.path + "/.git/flow/state.json", withIntermediateDirectories: true)
                return nil
            }),
        BadInputRow(
            "state: not JSON", ["status"], exit: 2,
            says: [".git/flow/state.json", "fix: move it aside"],
            setup: { repo in
                try Scene.minimal(repo)
                try repo.write(".git/flow/state.json", "garbage")
                return nil
            }),
        BadInputRow(
            "evidence: not JSON", ["next"], exit: 2,
            says: [".git/flow/evidence.json", "move it aside"],
            setup: { repo in
                try Scene.minimal(repo)
                try repo.write(".git/flow/evidence.json", "{\"schemaVersion\": ")
                return nil
            }),
    ]

    static let metadataRows: [BadInputRow] = [
        BadInputRow(
            "pack_metadata.json: missing", ["check", "--phase", "create"], exit: 1,
            says: ["FAIL pack.metadata", "Packs/Demo/pack_metadata.json is missing", "fix: flow create"],
            setup: { try Scene.xsoar($0, metadata: nil) }),
        BadInputRow(
            "pack_metadata.json: not JSON", ["check", "--phase", "create"], exit: 1,
            says: ["Packs/Demo/pack_metadata.json", "is not valid JSON", "fix the JSON in Packs/Demo/pack_metadata.json"],
            setup: { try Scene.xsoar($0, metadata: "{\"name\": ") }),
        BadInputRow(
            "pack_metadata.json: a JSON list", ["check", "--phase", "create"], exit: 1,
            says: ["Packs/Demo/pack_metadata.json must hold a JSON object"], setup: { try Scene.xsoar($0, metadata: "[1, 2]\n") }),
        BadInputRow(
            "pack_metadata.json: missing currentVersion", ["check", "--phase", "create"], exit: 1,
            says: [
                "FAIL pack.metadata", "Packs/Demo/pack_metadata.json: PA107 missing required field \"currentVersion\"",
                "fix: edit Packs/Demo/pack_metadata.json",
            ],
            setup: { try Scene.xsoar($0, metadata: PackExampleText.metadata(version: nil)) }),
        BadInputRow(
            "pack_metadata.json: non-semver version", ["check", "--phase", "create"], exit: 1,
            says: ["currentVersion 1.0 is not MAJOR.MINOR.PATCH", "edit Packs/Demo/pack_metadata.json"],
            setup: { try Scene.xsoar($0, metadata: PackExampleText.metadata(version: "1.0")) }),
        BadInputRow(
            "pack_metadata.json: not UTF-8", ["check", "--phase", "create"], exit: 1,
            says: ["Packs/Demo/pack_metadata.json is not valid JSON", "fix the JSON in"],
            setup: { repo in
                try Scene.xsoar(repo, metadata: nil)
                try repo.write("Packs/Demo/pack_metadata.json", [0x7B, 0xFF, 0xFE, 0x7D])
                return nil
            }),
        BadInputRow(
            "pack_metadata.json: huge", ["check", "--phase", "create"], exit: 1,
            says: ["Packs/Demo/pack_metadata.json: PA107 missing required field \"currentVersion\""],
            setup: { repo in
                try Scene.xsoar(repo, metadata: "{\"name\": \"" + String(repeating: "x", count: 24 << 20) + "\"}")
                return nil
            }),
        BadInputRow(
            "pack_metadata.json: non-semver at release", ["release"], exit: 2,
            says: ["Packs/Demo/pack_metadata.json", "currentVersion \"1.0\" is not MAJOR.MINOR.PATCH", "1.0.0"],
            setup: { repo in
                try Scene.xsoar(repo, metadata: PackExampleText.metadata(version: "1.0"))
                try repo.apply([.stage(["."]), .commit("pack")])
                return nil
            }),
        BadInputRow(
            "pack_metadata.json: not JSON at verify release", ["verify", "release"], exit: 1,
            says: [
                "FAIL release.version", "Packs/Demo/pack_metadata.json is not valid JSON",
                "fix: fix Packs/Demo/pack_metadata.json",
            ], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            setup: { repo in
                try Scene.xsoar(repo, metadata: "{\"currentVersion\": 1.0.0}")
                try repo.apply([.stage(["."]), .commit("pack"), .tag("v1.0.0", annotated: true)])
                return nil
            }),
    ]

    static let packNameRows: [BadInputRow] = {
        let initArgs = [
            "--pack-type", "local", "--platform", "xsoar6", "--author", "Me", "--category", "Utilities",
            "--support", "community", "--zip-dir", "/tmp/flow-zips", "--workflow", "minimal",
        ]
        let initCases: [(String, String, String)] = [
            ("..", "../Evil", "contains a path separator or `..`"),
            ("/", "Evil/Pack", "contains a path separator or `..`"),
            ("space", "My Pack", "has spaces"),
            ("unicode", "Démo", "has non-ASCII characters"),
        ]
        var rows = initCases.map { label, pack, message in
            BadInputRow(
                "pack name with \(label): flow init --pack", ["init", "--pack", pack] + initArgs, exit: 2,
                says: ["pack name \(pack) \(message)"],
                setup: { repo in
                    try repo.apply(initialCommit)
                    return nil
                },
                then: { repo, _ in
                    #expect(repo.read(".flow/config.yml") == nil, "a refused init wrote the config")
                })
        }
        let configured: [(String, String, String)] = [
            ("..", "../../Outside", "contains a path separator or `..`"),
            ("/", "Demo/Sub", "contains a path separator or `..`"),
            ("space", "My Pack", "has spaces"),
            ("unicode", "Démo", "has non-ASCII characters"),
        ]
        rows += configured.map { label, pack, message in
            // Only pack.name-safe looks at a name that leads outside Packs/: every other pack gate
            // fails unread, so the metadata planted there never makes a gate pass.
            let escapes = PackName.pathProblem(pack) != nil
            return BadInputRow(
                "pack name with \(label) in the config: the gates", ["check", "--phase", "create"], exit: 1,
                says: ["FAIL pack.name-safe [\(pack)]", "pack name \(pack) \(message)"]
                    + (escapes ? ["FAIL pack.metadata [\(pack)]", "not checked: pack name \(pack)"] : []),
                never: escapes ? ["pass pack.", "Planted"] : [], setup: Scene.configuredPack(pack))
        }
        for (label, name, message) in [("..", "../x", "is not a valid git branch name"), ("space", "a b", "may only hold letters")] {
            rows.append(
                BadInputRow(
                    "feature name with \(label): flow feature start", ["feature", "start", name], exit: 2,
                    says: ["feature name \(name) \(message)", "fix: name it like"], setup: Scene.minimal))
        }
        // Existing packs (issue 14): a safe name with - or _ is kept, nothing else is.
        rows.append(
            BadInputRow(
                "flow adopt: a name with ..", ["adopt", "--pack", "../x", "--released"], exit: 2,
                says: ["--pack: pack name ../x contains a path separator or `..`"], setup: Scene.minimal))
        rows.append(
            BadInputRow(
                "flow adopt: no such pack directory", ["adopt", "--pack", "AWS-EC2", "--released"], exit: 2,
                says: [
                    "Packs/AWS-EC2/pack_metadata.json does not exist: there is no pack AWS-EC2 to adopt",
                    "fix: copy the pack into Packs/AWS-EC2 first",
                ], setup: Scene.minimal))
        rows.append(
            BadInputRow(
                "flow init: a new pack's name with a dash", CLITests.initArgs.map { $0 == "Demo" ? "Hello-World" : $0 },
                exit: 2, says: ["--pack: pack name Hello-World is not PascalCase", "an existing pack under Packs/ keeps its own"],
                setup: { repo in
                    try repo.apply(initialCommit)
                    return nil
                }))
        // A value outside an option's choices is invalid input wherever it is given (64 is the parser's own usage errors).
        rows.append(
            BadInputRow(
                "phases --format with a bad value", ["phases", "--format", "pdf"], exit: 2,
                says: ["--format pdf is not one of text, mermaid, dot", "fix: flow phases --format mermaid"],
                setup: Scene.minimal))
        rows.append(
            BadInputRow(
                "release --bump with a bad value", ["release", "--bump", "sideways"], exit: 2,
                says: ["--bump sideways is not one of patch, minor, major", "fix: flow release --bump patch"],
                setup: Scene.minimal))
        rows.append(
            BadInputRow(
                "pack name with .. in the config: flow next runs no action on it", ["next"], exit: 2,
                says: [".flow/config.yml: pack name ../../Outside contains a path separator or `..`"],
                setup: { repo in
                    _ = try Scene.configuredPack("../../Outside")(repo)
                    try repo.apply([.branch("feature/x")])
                    try repo.write(
                        ".git/flow/state.json",
                        """
                        {"schemaVersion": 1, "branches": {"feature/x": {"workflow": "xsoar-local", "phase": "test",
                         "completed": ["survey", "repo-setup", "create", "develop", "docs"], "updatedAt": "t"}}}
                        """)
                    return nil
                },
                then: { repo, _ in
                    #expect(
                        !FileManager.default.fileExists(atPath: repo.path + "/CommonServerPython.py"),
                        "the test action started although the pack name was refused")
                }))
        rows.append(
            BadInputRow(
                "pack name with .. in the config: the pre-commit hook", ["hook", "pre-commit"], exit: 2,
                says: [
                    ".flow/config.yml: pack name ../../Outside contains a path separator or `..`",
                    "fix: rename the pack",
                ],
                setup: { repo in
                    _ = try Scene.configuredPack("../../Outside")(repo)
                    try repo.apply([.branch("feature/x"), .stage(["."])])
                    return nil
                }))
        rows.append(
            BadInputRow(
                "pack name with .. in the config: flow create", ["create", "--no-sdk"], exit: 2,
                says: ["pack name ../../Outside contains a path separator or `..`", "fix: choose a PascalCase name"],
                setup: Scene.configuredPack("../../Outside"),
                then: { repo, _ in
                    let outside = URL(fileURLWithPath: repo.path + "/Packs/../../Outside").standardized.path
                    let names = try FileManager.default.contentsOfDirectory(atPath: outside).sorted()
                    #expect(names == ["README.md", "pack_metadata.json"], "flow create wrote outside the repository")
                }))
        rows.append(
            BadInputRow(
                "pack name with .. in the config: flow release", ["release"], exit: 2,
                says: ["pack name ../../Outside contains a path separator or `..`", ".flow/config.yml"],
                setup: Scene.configuredPack("../../Outside")))
        rows.append(
            BadInputRow(
                "pack name with .. in the config: flow verify release", ["verify", "release"], exit: 2,
                says: ["pack name ../../Outside contains a path separator or `..`"],
                setup: Scene.configuredPack("../../Outside")))
        rows.append(
            BadInputRow(
                "pack name with .. in the config: flow build", ["build"], exit: 2,
                says: ["pack name ../../Outside contains a path separator or `..`"],
                setup: Scene.configuredPack("../../Outside")))
        return rows
    }()

    static let repositoryRows: [BadInputRow] = [
        BadInputRow(
            "not a git repository: status", ["status"], exit: 2,
            says: ["not a git repository", "git init"],
            setup: { repo in
                let dir = repo.base + "/plain"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                return dir
            }),
        BadInputRow(
            "not a git repository: init", CLITests.initArgs, exit: 2,
            says: ["not a git repository", "git init"],
            setup: { repo in
                let dir = repo.base + "/plain"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                return dir
            },
            then: { repo, _ in
                #expect(!FileManager.default.fileExists(atPath: repo.base + "/plain/.flow"))
            }),
        BadInputRow(
            "not a git repository: hook", ["hook", "pre-commit"], exit: 2,
            says: ["not a git repository"],
            setup: { repo in
                let dir = repo.base + "/plain"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                return dir
            }),
        BadInputRow(
            "bare repository: status", ["status"], exit: 2,
            says: ["is a bare repository", "git clone"],
            setup: { repo in
                try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/bare.git"])
                return repo.base + "/bare.git"
            }),
        BadInputRow(
            "bare repository: hooks install", ["hooks", "install"], exit: 2,
            says: ["is a bare repository"],
            setup: { repo in
                try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/bare.git"])
                return repo.base + "/bare.git"
            }),
        BadInputRow(
            "unborn branch: init", CLITests.initArgs, exit: 0,
            says: ["Survey complete"], writesState: true, setup: { _ in nil }),
        BadInputRow(
            "unborn branch: status", ["status"], exit: 0,
            says: ["flow minimal on main: phase repo-setup", "FAIL git.remote"],
            setup: { repo in
                let run = try FlowBinary.run(CLITests.initArgs, in: repo.path)
                guard run.status == 0 else { throw FlowError(.blocked, run.stderr) }
                return nil
            }),
        BadInputRow(
            "unborn branch: next", ["next"], exit: 1,
            says: ["FAIL git.repository", "branch main has no commits yet", "git add .gitignore .flow/config.yml && git commit -m"],
            setup: { repo in
                try repo.write(".flow/config.yml", "workflow: minimal\npacks: [Demo]\n")
                return nil
            }),
        BadInputRow(
            "detached HEAD: status", ["status", "--json"], exit: 0,
            says: ["\"branch\" : \"detached@"],
            setup: { repo in
                try Scene.minimal(repo)
                try repo.git(["checkout", "-q", "--detach", "HEAD"])
                return nil
            }),
        BadInputRow(
            "detached HEAD: next", ["next"], exit: 0,
            says: ["repo-setup passed: now at develop"], writesState: true,
            setup: { repo in
                try Scene.minimal(repo)
                try repo.git(["checkout", "-q", "--detach", "HEAD"])
                return nil
            },
            then: { repo, _ in
                let state = try StateStore(gitCommonDirectory: repo.path + "/.git").loadState()
                #expect(state.branches.keys.contains { $0.hasPrefix("detached@") })
                #expect(state.branches["main"]?.phase == "repo-setup", "main's state changed")
            }),
        // A clone of a set-up repository (configuration committed, origin) is past the set-up
        // phases: its phase comes from the repository, not from a state.json it never had.
        BadInputRow(
            "shallow clone: status", ["status"], exit: 0,
            says: ["flow minimal on main: phase develop", "done    repo-setup", "pass git.no-artifacts"],
            setup: { repo in
                try Scene.minimal(repo)
                try repo.apply([
                    .write("more.txt", "x\n"), .stage(["more.txt"]), .commit("more"),
                    .stage([".flow"]), .commit("config"),
                ])
                let clone = repo.base + "/shallow"
                try repo.git(["clone", "-q", "--depth", "1", "file://" + repo.path, clone], in: repo.base)
                return clone
            }),
        BadInputRow(
            "shallow clone: verify release without tags", ["verify", "release"], exit: 1,
            says: ["this is a shallow clone with no tags", "git fetch --tags --unshallow origin"],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.apply([
                    .stage(["."]), .commit("pack"), .tag("v1.0.0", annotated: true),
                    .write("Packs/Demo/README.md", "# Demo\n\nMore.\n"), .stage(["."]), .commit("after"),
                ])
                let clone = repo.base + "/shallow"
                try repo.git(["clone", "-q", "--depth", "1", "--no-tags", "file://" + repo.path, clone], in: repo.base)
                return clone
            }),
        BadInputRow(
            "linked worktree: state shared, keyed by branch", ["next"], exit: 0,
            says: ["now at"], writesState: true,
            setup: { repo in
                try Scene.minimal(repo)
                try repo.apply([.stage([".flow"]), .commit("flow config")])
                try repo.git(["worktree", "add", "-q", "-b", "feature/wt", repo.base + "/wt"])
                return repo.base + "/wt"
            },
            then: { repo, _ in
                #expect(!FileManager.default.fileExists(atPath: repo.base + "/wt/.git/flow"))
                let state = try StateStore(gitCommonDirectory: repo.path + "/.git").loadState()
                #expect(state.branches["feature/wt"] != nil, "the worktree's branch has no entry in the shared state")
                #expect(state.branches["main"]?.phase == "repo-setup", "main's state changed")
                let main = try FlowBinary.run(["status", "--json"], in: repo.path)
                #expect(main.stdout.contains("\"branch\" : \"main\""))
            }),
        BadInputRow(
            "linked worktree: the pre-commit hook reads the worktree's own index", ["hook", "pre-commit"], exit: 1,
            says: ["staged build artifact: Ärchiv.zip"], never: ["main.zip"],
            setup: { repo in
                try Scene.minimal(repo)
                try repo.apply([
                    .stage([".flow"]), .commit("flow config"), .branch("feature/main-side"),
                    .writeBytes("main.zip", Scene.zip), .stage(["main.zip"]),
                ])
                try repo.git(["worktree", "add", "-q", "-b", "feature/wt", repo.base + "/wt", "main"])
                try repo.write("../wt/Ärchiv.zip", Scene.zip)
                try repo.git(["add", "Ärchiv.zip"], in: repo.base + "/wt")
                return repo.base + "/wt"
            }),
        BadInputRow(
            "submodule: status and gates", ["check", "--phase", "develop", "--json"], exit: 0,
            says: ["\"gate\" : \"git.no-artifacts\"", "\"passed\" : true"], never: ["\"passed\" : false"],
            setup: { repo in
                try Scene.feature(repo)
                try Scene.submodule(repo, at: "Vendor/sub.zip.d")
                return nil
            }),
        BadInputRow(
            "submodule inside a pack: evidence tree and pre-commit hook", ["hook", "pre-commit"], exit: 0,
            says: [], writesState: true,
            setup: { repo in
                try repo.write(".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/trivial-actions.yml\npacks: [Demo]\n")
                try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.0\"}\n")
                try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "x = 1\n")
                try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
                try Scene.submodule(repo, at: "Packs/Demo/Vendor")
                try Scene.next(repo, times: 4)
                try repo.git(["add", "-A"])
                return nil
            }, then: { repo, _ in try Scene.expectEvidenceOnStagedDemo(repo) }),
        BadInputRow(
            "submodule: status", ["status"], exit: 0,
            says: ["flow minimal on main: phase repo-setup", "pass git.no-artifacts"],
            setup: { repo in
                try Scene.minimal(repo)
                try Scene.submodule(repo, at: "Vendor/sub")
                try repo.apply([.commit("submodule")])
                return nil
            }),
    ]

    static let pathRows: [BadInputRow] = [
        BadInputRow(
            "paths with spaces and unicode: no false artifact", ["check", "--phase", "develop"], exit: 0,
            says: ["pass git.no-artifacts"],
            setup: { repo in
                try Scene.feature(repo)
                try repo.apply([
                    .write("Packs/Demo/Scripts/Héllo Wörld/Héllo Wörld.py", "x = 1\n"),
                    .write("Packs/Demo/日本語 ファイル.md", "# ok\n"),
                    .write("Packs/Demo/zip notes.txt", "not a zip\n"), .stage(["Packs"]),
                ])
                return nil
            }),
        BadInputRow(
            "paths with spaces and unicode: a zip is named", ["check", "--phase", "develop"], exit: 1,
            says: ["staged build artifact: Packs/Démo Files/Ärchiv 1.ZIP"],
            setup: { repo in
                try Scene.feature(repo)
                try repo.apply([.writeBytes("Packs/Démo Files/Ärchiv 1.ZIP", Scene.zip), .stage(["Packs"])])
                return nil
            }),
        BadInputRow(
            "paths with spaces and unicode: a zip by content", ["check", "--phase", "develop"], exit: 1,
            says: ["staged file is a zip archive by its content: Packs/Démo Files/nötes 1.txt"],
            setup: { repo in
                try Scene.feature(repo)
                try repo.apply([.writeBytes("Packs/Démo Files/nötes 1.txt", Scene.zip), .stage(["Packs"])])
                return nil
            }),
        BadInputRow(
            "paths with spaces and unicode: evidence tree and pre-commit hook", ["hook", "pre-commit"], exit: 0,
            says: [], writesState: true,
            setup: { repo in
                try repo.write(".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/trivial-actions.yml\npacks: [Demo]\n")
                try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.0\"}\n")
                try repo.write("Packs/Demo/Scripts/Héllo Wörld/Héllo Wörld.py", "x = 1\n")
                try repo.write("Packs/Demo/Scripts/Héllo Wörld/ü ß/日本.md", "# ok\n")
                try repo.apply([
                    .stage(["."]), .commit("initial"), .branch("feature/x"),
                    .write("Packs/Demo/Scripts/Héllo Wörld/Héllo Wörld.py", "x = 2\n"),
                ])
                try Scene.next(repo, times: 4)
                try repo.git(["add", "-A"])
                return nil
            }, then: { repo, _ in try Scene.expectEvidenceOnStagedDemo(repo) }),
        BadInputRow(
            "paths with spaces and unicode: non-ASCII markdown located", ["check", "--phase", "docs"], exit: 1,
            says: ["Packs/Demo/Integrations/Démo Int/Démo Int_description.md:2:5"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/Integrations/Démo Int/Démo Int_description.md", "ok\nabc “quoted”\n")
                return nil
            }),
    ]

    static let artifactRows: [BadInputRow] = [
        BadInputRow(
            "integration code with a syntax error: the content gates name file:line", ["check", "--phase", "develop"], exit: 1,
            says: ["FAIL pack.code-yaml", "Packs/Demo/Integrations/Hello/Hello.py:2: ", "Python syntax error", "py_compile"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/Integrations/Hello/Hello.yml", "name: Hello\nscript:\n  commands: []\n")
                try repo.write("Packs/Demo/Integrations/Hello/Hello.py", "def main():\n    if True\n        pass\n")
                return nil
            }),
        BadInputRow(
            "develop refuses argToList on an argument without isArray (xsoar-local)", ["check", "--phase", "develop"], exit: 1,
            says: [
                "FAIL pack.code-yaml", "Packs/Demo/Integrations/Hello/Hello.py:2: argToList(args.get('ip'))",
                "Hello.yml:8: argument ip of hello-ip has no isArray: true", "fix: make the code and the YAML agree",
            ],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write(
                    "Packs/Demo/Integrations/Hello/Hello.yml",
                    "name: Hello\nscript:\n  script: '-'\n  commands:\n  - name: hello-ip\n    description: IPs.\n    arguments:\n    - name: ip\n      description: IPs.\n"
                )
                try repo.write(
                    "Packs/Demo/Integrations/Hello/Hello.py",
                    "def ip_command(client, args):\n    return argToList(args.get('ip'))\n\n\n"
                        + "def main():\n    command = demisto.command()\n    try:\n        if command == 'hello-ip':\n"
                        + "            return_results(ip_command(None, demisto.args()))\n    except Exception as e:\n        return_error(str(e))\n"
                )
                return nil
            }),
        BadInputRow(
            "docs refuses template text left in the pack README (xsoar-local)", ["check", "--phase", "docs"], exit: 1,
            says: ["FAIL docs.template-text", "Packs/Demo/README.md:3:14: template text \"<service-url>\" left in"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/README.md", "# Demo\n\nGet a key at <service-url>.\n")
                return nil
            }),
        BadInputRow(
            "python3 missing: the content gates block and say to install it", ["check", "--phase", "develop"], exit: 1,
            says: ["FAIL pack.code-yaml", "python3 is not installed", "install python3"],
            environment: ["PATH": "/nonexistent"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/Integrations/Hello/Hello.yml", "name: Hello\nscript:\n  commands: []\n")
                try repo.write("Packs/Demo/Integrations/Hello/Hello.py", "def main():\n    pass\n")
                return nil
            }),
        BadInputRow(
            "integration YAML with a syntax error: file:line", ["check", "--phase", "develop"], exit: 1,
            says: ["Packs/Demo/Integrations/Hello/Hello.yml:", "fix the YAML syntax in Packs/Demo/Integrations/Hello/Hello.yml"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/Integrations/Hello/Hello.yml", "name: Hello\nscript: [\n")
                try repo.write("Packs/Demo/Integrations/Hello/Hello.py", "def main():\n    pass\n")
                return nil
            }),
        BadInputRow(
            "symlink loops in a pack: the walk ends, files beside them still checked", ["check", "--phase", "docs"], exit: 1,
            says: ["FAIL docs.ascii", "Packs/Demo/doc/notes.md:1:4: non-ASCII character U+00E9"], never: ["loop"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/doc/notes.md", "caf\u{00E9}\n")
                for name in ["loop", "loop2", "doc/loop3"] {
                    try FileManager.default.createSymbolicLink(atPath: repo.path + "/Packs/Demo/" + name, withDestinationPath: ".")
                }
                return nil
            }),
        BadInputRow(
            "markdown that is not UTF-8: located, not a crash", ["check", "--phase", "docs"], exit: 1,
            says: ["Packs/Demo/README.md:3:1: non-ASCII character U+FFFD"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.write("Packs/Demo/README.md", Array("# Demo\n\n".utf8) + [0xFF, 0xFE, 0x0A])
                return nil
            }),
        BadInputRow(
            "zip renamed to .txt: caught by content", ["check", "--phase", "develop"], exit: 1,
            says: ["staged file is a zip archive by its content: notes.txt", "git rm -q --cached -- notes.txt"],
            setup: { repo in
                try Scene.feature(repo)
                try repo.apply([.writeBytes("notes.txt", Scene.zip), .stage(["notes.txt"])])
                return nil
            }),
        BadInputRow(
            ".ZIP upper case", ["check", "--phase", "develop"], exit: 1,
            says: ["staged build artifact: Pack.ZIP", "git rm -q --cached -- Pack.ZIP"],
            setup: { repo in
                try Scene.feature(repo)
                try repo.apply([.writeBytes("Pack.ZIP", Scene.zip), .stage(["Pack.ZIP"])])
                return nil
            }),
        BadInputRow(
            "symlink named like a zip", ["check", "--phase", "develop"], exit: 1,
            says: ["staged build artifact: link.zip"],
            setup: { repo in
                try Scene.feature(repo)
                try FileManager.default.createSymbolicLink(atPath: repo.path + "/link.zip", withDestinationPath: "README.md")
                try repo.apply([.stage(["link.zip"])])
                return nil
            }),
        BadInputRow(
            "dangling symlink named like a zip", ["hook", "pre-commit"], exit: 1,
            says: ["staged build artifact: gone.Zip"],
            setup: { repo in
                try Scene.feature(repo)
                try FileManager.default.createSymbolicLink(atPath: repo.path + "/gone.Zip", withDestinationPath: "/nonexistent/x.zip")
                try repo.apply([.stage(["gone.Zip"])])
                return nil
            }),
        BadInputRow(
            "symlink to a zip under another name: git stores the link, not the zip", ["check", "--phase", "develop"], exit: 0,
            says: ["pass git.no-artifacts"],
            setup: { repo in
                try Scene.feature(repo)
                try Data(Scene.zip).write(to: URL(fileURLWithPath: repo.base + "/real.zip"))
                try FileManager.default.createSymbolicLink(atPath: repo.path + "/notes.txt", withDestinationPath: repo.base + "/real.zip")
                try repo.apply([.stage(["notes.txt"])])
                return nil
            }),
    ]

    static let tagRows: [BadInputRow] = [
        BadInputRow(
            "a tag that points elsewhere", ["verify", "release"], exit: 1,
            says: [
                "FAIL git.tag-on-head", "does not carry v1.0.0, the tag for Demo's currentVersion 1.0.0; v1.0.0 points at",
                "git checkout v1.0.0", "a published tag is never moved",
            ], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.apply([
                    .stage(["."]), .commit("pack"), .tag("v1.0.0", annotated: true),
                    .write("Packs/Demo/README.md", "# Demo\n\nMore.\n"), .stage(["."]), .commit("after"),
                ])
                return nil
            }),
        BadInputRow(
            "a lightweight tag where an annotated one is required", ["verify", "release"], exit: 1,
            says: ["tag v1.0.0 on HEAD is lightweight", "git tag -a"], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.apply([.stage(["."]), .commit("pack"), .tag("v1.0.0", annotated: false)])
                return nil
            }),
        BadInputRow(
            "a tag that points elsewhere: pre-push", ["hook", "pre-push", "origin", "../origin.git"], exit: 1,
            says: ["release tag v1.0.0 points at", "which is not on main", "fix: merge into main first"],
            setup: { repo in
                try Scene.xsoar(repo)
                try repo.apply([
                    .stage(["."]), .commit("pack"), .branch("feature/t"),
                    .write("Packs/Demo/README.md", "# Demo\n\nMore.\n"), .stage(["."]), .commit("after"),
                    .tag("v1.0.0", annotated: true), .checkout("main"),
                ])
                return nil
            }),
    ]

    static let all: [BadInputRow] =
        workflowRows + configRows + metadataRows + packNameRows + repositoryRows + pathRows
        + artifactRows + tagRows
}

@Suite("Bad input: exit codes and messages from the real binary")
struct BadInputTableTests {
    static let crashMarkers = ["Fatal error", "Program crashed", "Backtrace", "Signal", "Stack dump", "Illegal instruction"]

    /// Every file flow keeps (config in the work tree, state and evidence in the git directory).
    static func kept(_ repo: TempRepo) -> [String: Data] {
        var files: [String: Data] = [:]
        for dir in [".flow", ".git/flow"] {
            let enumerator = FileManager.default.enumerator(atPath: repo.path + "/" + dir)
            while let relative = enumerator?.nextObject() as? String {
                let path = "\(dir)/\(relative)"
                if let data = FileManager.default.contents(atPath: repo.path + "/" + path), !relative.contains(".tmp") {
                    files[path] = data
                }
            }
        }
        return files
    }

    @Test("bad input", arguments: BadInputRow.all)
    func row(_ row: BadInputRow) throws {
        let repo = try TempRepo()
        let dir = try row.setup(repo) ?? repo.path
        let before = Self.kept(repo)
        // Only the pre-push hook reads stdin: git's ref lines for every tag.
        let stdin = row.args.starts(with: ["hook", "pre-push"]) ? try Self.pushLines(repo) : nil
        let (run, timedOut) = try FlowBinary.run(
            row.args, in: dir, environment: ["GITHUB_ACTIONS": "false"].merging(row.environment) { _, new in new },
            stdin: stdin, seconds: 120)
        let output = run.stdout + run.stderr
        #expect(!timedOut, "flow \(row.args.joined(separator: " ")) did not finish in time")
        #expect(run.status == row.status, "exit \(run.status), expected \(row.status):\n\(output)")
        for piece in row.says { #expect(output.contains(piece), "expected \"\(piece)\" in:\n\(output)") }
        // Every fix line shown is one command line bash parses, or prose.
        for line in output.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("fix: ") else { continue }
            let fix = String(trimmed.dropFirst(5))
            if FixLine.isCommandLine(fix) { #expect(FixLine.syntaxProblem(fix) == nil, "\(fix): \(FixLine.syntaxProblem(fix) ?? "")") }
        }
        for piece in row.never { #expect(!output.contains(piece), "did not expect \"\(piece)\" in:\n\(output)") }
        for marker in Self.crashMarkers { #expect(!output.contains(marker), "crash marker \(marker):\n\(output)") }
        if row.status != 0 {
            // A refusal says what to do next.
            #expect(output.contains("fix"), "no fix in:\n\(output)")
        }

        let after = Self.kept(repo)
        for (path, data) in before {
            guard let now = after[path] else {
                Issue.record("\(path) was lost")
                continue
            }
            if !row.writesState {
                #expect(now == data, "\(path) changed")
            } else if path.hasSuffix("state.json"), let old = try? JSONDecoder().decode(FlowState.self, from: data) {
                // The run may add its branch; every entry that was there stays.
                let new = try JSONDecoder().decode(FlowState.self, from: now)
                for (branch, entry) in old.branches where branch != (try? repo.git(["branch", "--show-current"], in: dir)) {
                    #expect(new.branches[branch] == entry, "\(path): the entry of \(branch) changed or was dropped")
                }
            } else if !path.hasSuffix("evidence.json") && !path.contains("/logs/") {
                #expect(now == data, "\(path) changed")
            }
        }
        try row.then?(repo, run)
    }

    /// The ref lines git gives pre-push for pushing every tag.
    static func pushLines(_ repo: TempRepo) throws -> String {
        let tags = try repo.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/tags"])
        return tags.split(separator: "\n").map { line -> String in
            let parts = line.split(separator: " ")
            return "\(parts[0]) \(parts[1]) \(parts[0]) \(String(repeating: "0", count: 40))\n"
        }.joined()
    }
}

/// A flag set from the watchdog's thread and read after the process ended.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
