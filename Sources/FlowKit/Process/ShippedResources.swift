import Foundation

/// Files flow ships besides its workflows: the Python checker (`Resources/checkers/`) and the lint
/// configuration (`Resources/lint/`), compiled into the executable (EmbeddedFiles). Every lookup
/// goes through `bytes(_:)`; `$FLOW_RESOURCES_DIR` (for development) reads them from a directory instead.
public enum ShippedResources {
    /// The file `Resources/<relative>`: from `$FLOW_RESOURCES_DIR/<relative>` when that is set, else the embedded copy.
    public static func bytes(_ relative: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [UInt8]? {
        if let dir = environment["FLOW_RESOURCES_DIR"], !dir.isEmpty {
            return FileManager.default.contents(atPath: "\(dir)/\(relative)").map { [UInt8]($0) }
        }
        return EmbeddedFiles.bytes("Resources/\(relative)")
    }

    /// A path holding `Resources/<relative>` for a tool that wants a file (ruff --config): the
    /// development directory's file, else the embedded copy written once to a per-user scratch
    /// directory under a name made of its content hash (so flow versions never share one).
    public static func path(_ relative: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["FLOW_RESOURCES_DIR"], !dir.isEmpty {
            let path = "\(dir)/\(relative)"
            return FileManager.default.isReadableFile(atPath: path) ? path : nil
        }
        guard let bytes = EmbeddedFiles.bytes("Resources/\(relative)") else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across runs, unlike Hasher
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let name = (relative as NSString).lastPathComponent
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flow-\(getuid())-resources").path
        let path = "\(dir)/\(String(hash, radix: 16))-\(name)"
        if FileManager.default.contents(atPath: path).map({ [UInt8]($0) == bytes }) == true { return path }
        do {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        } catch {
            return nil
        }
    }

    /// The ruff configuration the lint action uses: the repository's own when it has one
    /// (`ruff.toml`, `.ruff.toml`, `[tool.ruff]` in `pyproject.toml`), else flow's `lint/ruff.toml`.
    public static func ruffConfig(root: String) -> String? {
        for name in ["ruff.toml", ".ruff.toml"] where FileManager.default.isReadableFile(atPath: "\(root)/\(name)") {
            return "\(root)/\(name)"
        }
        if let data = FileManager.default.contents(atPath: "\(root)/pyproject.toml"),
            String(decoding: data, as: UTF8.self).contains("[tool.ruff")
        {
            return "\(root)/pyproject.toml"
        }
        return path("lint/ruff.toml")
    }
}
