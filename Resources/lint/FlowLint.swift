// The files of this folder compiled into flow (Package.swift: `embeddedFolder`). A file added there gets its line here.

/// flow's lint configuration, as it was in `Resources/lint/` at build time.
public enum FlowLint {
    /// The folder in flow's source tree.
    public static let folder = "Resources/lint"
    /// File name → the file's bytes.
    public static let files: [String: [UInt8]] = [
        "ruff.toml": PackageResources.ruff_toml,
    ]
}
