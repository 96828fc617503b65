// swift-tools-version:6.0
// Coverage-guided fuzz targets for flow's decoders (libFuzzer). Not part of flow's own build:
// scripts/fuzz.sh builds them with -sanitize=fuzzer,address and runs each for a bounded time.
import PackageDescription

let package = Package(
    name: "flow-fuzz",
    dependencies: [
        .package(name: "flow", path: "../.."),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // SHA-1 for the index checksum in FuzzIndex; already built for flow itself.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // libFuzzer's driver seen from Swift (a declaration).
        .target(name: "LibFuzzerDriver"),
        // What the targets share: the driver call, input bytes, scratch files, the exit-2 property.
        .target(name: "FuzzSupport", dependencies: ["LibFuzzerDriver", .product(name: "FlowKit", package: "flow")]),
        // Workflow YAML: the loader gives a workflow or located problems, never a crash.
        .executableTarget(name: "FuzzWorkflow", dependencies: ["FuzzSupport", .product(name: "FlowKit", package: "flow")]),
        // state.json / evidence.json: a value or an exit-2 error naming the file; the hook's
        // direct evidence reader agrees with JSONDecoder wherever it answers.
        .executableTarget(name: "FuzzState", dependencies: ["FuzzSupport", .product(name: "FlowKit", package: "flow")]),
        // .git/index: the hook's own index reader refuses or parses, every query on what it parsed
        // stays inside the file, and it lists the entries libgit2 lists wherever libgit2 reads the file.
        .executableTarget(
            name: "FuzzIndex",
            dependencies: [
                "FuzzSupport", .product(name: "FlowGit", package: "flow"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // .flow/config.yml: the hook's flat reader agrees with Yams wherever it answers.
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzSupport", .product(name: "FlowKit", package: "flow"), "Yams"]),
    ],
    swiftLanguageModes: [.v5]
)
