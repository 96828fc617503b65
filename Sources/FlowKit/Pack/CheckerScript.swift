import Foundation

/// flow's Python checker, `Resources/checkers/xsoar_ast_check.py`. Read through `source()` only,
/// so the copy can come from elsewhere (embedded in the binary) without touching its callers.
public enum CheckerScript {
    public static let name = "xsoar_ast_check.py"

    /// The script's text, found by ShippedResources (nil when flow was installed without it).
    public static func source() -> String? {
        guard let path = ShippedResources.path("checkers/\(name)"), let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
