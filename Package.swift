// swift-tools-version:6.0
import PackageDescription

/// A folder of files flow reads at run time (workflows, schemas, checker scripts, tool
/// configurations), compiled into the executable so that a copied binary needs nothing beside it.
/// The folder stays where it is in the repository and stays the one source: SwiftPM's
/// `.embedInCode` turns each listed file into a `[UInt8]` constant at build time.
/// Why this and not a build-tool plugin: `.embedInCode` is declarative (no generator executable
/// to build and run), works the same under `swift build`, `scripts/build-release.sh` and the
/// libFuzzer package's `-sanitize=fuzzer` build (which would also instrument a plugin's tool),
/// and rebuilds when a listed file changes. Its one constraint: the files must be inside the
/// target's directory, hence one small target per folder whose path is the folder itself, with
/// one Swift file there (`<Target>.swift`) that maps each file name to its constant.
/// To embed another file: put it in the folder, add its name to `files` below and one line to the
/// folder's Swift file. Another folder: `embeddedFolder("FlowCheckers", path: "Checkers", files: [...])`
/// in `targets`, a `Checkers/FlowCheckers.swift` like `Workflows/FlowWorkflows.swift`, the target
/// in FlowKit's dependencies and one line in `Sources/FlowKit/Embedded/EmbeddedFiles.swift`.
/// EmbeddedFilesTests checks every embedded file against its source byte for byte and that no file
/// of an embedded folder was left out.
func embeddedFolder(_ name: String, path: String, files: [String]) -> Target {
    .target(name: name, path: path, sources: ["\(name).swift"], resources: files.map { .embedInCode($0) })
}

let package = Package(
    name: "flow",
    products: [
        .executable(name: "flow", targets: ["flow"]),
        // For the libFuzzer targets in Tests/LibFuzzer (a package of their own).
        .library(name: "FlowKit", targets: ["FlowKit"]),
        .library(name: "FlowGit", targets: ["FlowGit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // Debian's libgit2 seen from Swift: a module map over the C headers (pkg-config libgit2).
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // The git value types (heads, tags, index entries, staged changes, errors): no libgit2, so the core builds without it.
        .target(name: "FlowGitTypes"),
        // A small safe Swift layer over libgit2: one owner per handle, errors in plain words.
        .target(name: "FlowGit", dependencies: ["CLibGit2", "FlowGitTypes"]),
        // The pure core: workflow model, state machine, gates over repository facts (git value types only).
        .target(name: "FlowCore", dependencies: ["FlowGitTypes"]),
        // The shipped workflows and their JSON Schema, inside the executable.
        embeddedFolder(
            "FlowWorkflows", path: "Workflows",
            files: ["minimal.yml", "xsoar-local.yml", "xsoar-marketplace.yml", "workflow.schema.json"]),
        // flow's Python checker (the content gates) and its ruff configuration (the lint action).
        embeddedFolder("FlowCheckers", path: "Resources/checkers", files: ["xsoar_ast_check.py"]),
        embeddedFolder("FlowLint", path: "Resources/lint", files: ["ruff.toml"]),
        // The demisto-sdk validation configuration of offline checks (the validate action).
        embeddedFolder("FlowValidation", path: "Resources/validation", files: ["validation_config.toml"]),
        // Effects: YAML loading, state store, git facts through FlowGit, processes, hooks.
        .target(
            name: "FlowKit",
            dependencies: [
                "FlowCore", "FlowGit", "FlowGitTypes", "FlowWorkflows", "FlowCheckers", "FlowLint", "FlowValidation", "Yams",
                "ZIPFoundation",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The command-line interface: one subcommand per file, each a thin call into FlowKit.
        .target(
            name: "FlowCLI",
            dependencies: ["FlowKit", "FlowCore", "FlowGitTypes", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The executable: only hands control to FlowCLI.
        .executableTarget(name: "flow", dependencies: ["FlowCLI"]),
        // Benchmark helper (bench/run.sh): the hook's git queries through FlowGit alone.
        .executableTarget(name: "flowgit-probe", dependencies: ["FlowGit", "FlowCore"], path: "bench/probe"),
        .testTarget(
            name: "FlowTests",
            dependencies: [
                "flow", "FlowCLI", "FlowKit", "FlowCore", "FlowGit", "FlowGitTypes", "Yams", "flowgit-probe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The suites share scratch state across closures the way Swift 5 allowed; flow itself is Swift 6.
            swiftSettings: [.swiftLanguageMode(.v5)]),
    ],
    swiftLanguageModes: [.v6]
)
