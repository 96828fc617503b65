// The files of this folder compiled into flow: Package.swift lists them as `.embedInCode`, which
// makes each a `PackageResources.<name>` byte array. A file added there gets its line here.

/// The shipped workflows and their schema, as they were in `Workflows/` at build time.
public enum FlowWorkflows {
    /// The folder in flow's source tree.
    public static let folder = "Workflows"
    /// File name → the file's bytes.
    public static let files: [String: [UInt8]] = [
        "minimal.yml": PackageResources.minimal_yml,
        "xsoar-local.yml": PackageResources.xsoar_local_yml,
        "xsoar-marketplace.yml": PackageResources.xsoar_marketplace_yml,
        "workflow.schema.json": PackageResources.workflow_schema_json,
    ]
}
