// The files of this folder compiled into flow: Package.swift lists them as `.embedInCode`, which
// makes each a `PackageResources.<name>` byte array. A file added there gets its line here.

/// Run-time files other than workflows, as they were in `Resources/` at build time.
public enum FlowResources {
    /// The folder in flow's source tree.
    public static let folder = "Resources"
    /// File name → the file's bytes.
    public static let files: [String: [UInt8]] = [
        "validation_config.toml": PackageResources.validation_config_toml,
    ]
}
