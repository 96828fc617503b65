import Foundation

/// Files flow ships besides its binary and workflows: the Python checker (`checkers/`) and the
/// lint configuration (`lint/`). Every lookup goes through `path(_:)`, so they can be embedded in
/// the binary later without touching the callers.
public enum ShippedResources {
    /// `$FLOW_RESOURCES_DIR/<relative>`, else `share/flow/<relative>` beside an installed binary,
    /// else `Resources/<relative>` of the source checkout the binary (or this file) was built from.
    public static func path(_ relative: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let dir = environment["FLOW_RESOURCES_DIR"], !dir.isEmpty { candidates.append(dir) }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(dir.deletingLastPathComponent().appendingPathComponent("share/flow").path)
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                candidates.append(dir.appendingPathComponent("Resources").path)
            }
            dir = dir.deletingLastPathComponent()
        }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("Resources").path)
        return candidates.map { "\($0)/\(relative)" }.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The ruff configuration the lint action uses: the repository's own when it has one
    /// (`ruff.toml`, `.ruff.toml`, `[tool.ruff]` in `pyproject.toml`), else flow's `lint/ruff.toml`.
    public static func ruffConfig(root: String) -> String? {
        for name in ["ruff.toml", ".ruff.toml"] where FileManager.default.isReadableFile(atPath: "\(root)/\(name)") {
            return "\(root)/\(name)"
        }
        if let data = FileManager.default.contents(atPath: "\(root)/pyproject.toml"),
           String(decoding: data, as: UTF8.self).contains("[tool.ruff") {
            return "\(root)/pyproject.toml"
        }
        return path("lint/ruff.toml")
    }
}
