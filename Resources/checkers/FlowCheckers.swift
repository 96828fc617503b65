// The files of this folder compiled into flow (Package.swift: `embeddedFolder`). A file added there gets its line here.

/// flow's Python checker, as it was in `Resources/checkers/` at build time.
public enum FlowCheckers {
    /// The folder in flow's source tree.
    public static let folder = "Resources/checkers"
    /// File name → the file's bytes.
    public static let files: [String: [UInt8]] = [
        "xsoar_ast_check.py": PackageResources.xsoar_ast_check_py,
    ]
}
