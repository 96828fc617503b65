// swift-tools-version:6.0
import PackageDescription

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
        // Effects: YAML loading, state store, git facts through FlowGit, processes, hooks.
        .target(name: "FlowKit", dependencies: ["FlowCore", "FlowGit", "Yams", "ZIPFoundation",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        // The command-line interface: one subcommand per file, each a thin call into FlowKit.
        .target(
            name: "FlowCLI",
            dependencies: ["FlowKit", "FlowGitTypes", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The executable: only hands control to FlowCLI.
        .executableTarget(name: "flow", dependencies: ["FlowCLI"]),
        // Benchmark helper (bench/run.sh): the hook's git queries through FlowGit alone.
        .executableTarget(name: "flowgit-probe", dependencies: ["FlowGit", "FlowCore"], path: "bench/probe"),
        .testTarget(name: "FlowTests", dependencies: ["flow", "FlowCLI", "FlowKit", "FlowCore", "FlowGit", "FlowGitTypes", "Yams", "flowgit-probe"]),
    ],
    swiftLanguageModes: [.v5]
)
