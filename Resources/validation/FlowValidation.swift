// The files of this folder compiled into flow (Package.swift: `embeddedFolder`). A file added there gets its line here.

/// The demisto-sdk validation configuration the validate action uses, as it was in `Resources/validation/` at build time.
public enum FlowValidation {
    /// The folder in flow's source tree.
    public static let folder = "Resources/validation"
    /// File name → the file's bytes.
    public static let files: [String: [UInt8]] = [
        "validation_config.toml": PackageResources.validation_config_toml,
    ]
}
