import Foundation

/// flow's Python checker, `Resources/checkers/xsoar_ast_check.py`, compiled into flow. Read through
/// `source()` only.
public enum CheckerScript {
    public static let name = "xsoar_ast_check.py"

    /// The script's text (ShippedResources: embedded, or `$FLOW_RESOURCES_DIR` in development).
    public static func source() -> String? {
        ShippedResources.bytes("checkers/\(name)").map { String(decoding: $0, as: UTF8.self) }
    }
}
