import Foundation

/// flow's Python checker, `Resources/checkers/xsoar_ast_check.py`. Read through `source()` only,
/// so the copy can come from elsewhere (embedded in the binary) without touching its callers.
public enum CheckerScript {
    public static let name = "xsoar_ast_check.py"

    /// The script's text: `$FLOW_CHECKERS_DIR/`, else `share/flow/checkers/` beside an installed
    /// binary, else `Resources/checkers/` of the source checkout the binary was built in.
    public static func source(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let dir = environment["FLOW_CHECKERS_DIR"], !dir.isEmpty { candidates.append(dir) }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(dir.deletingLastPathComponent().appendingPathComponent("share/flow/checkers").path)
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                candidates.append(dir.appendingPathComponent("Resources/checkers").path)
            }
            dir = dir.deletingLastPathComponent()
        }
        // The source file of this type: a test build run from elsewhere still finds its checkout.
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(here.appendingPathComponent("Resources/checkers").path)
        for candidate in candidates {
            if let data = FileManager.default.contents(atPath: candidate + "/" + name) { return String(decoding: data, as: UTF8.self) }
        }
        return nil
    }
}
