import FlowCore
import Foundation

/// Which demisto-sdk validation configuration the validate action uses: the repository's own
/// when it has one, otherwise the one flow ships (`Resources/validation_config.toml`, compiled in).
public enum ValidationConfig {
    /// The token a workflow command uses for the configuration's path.
    public static let token = "{validationConfig}"
    public static let shippedName = "validation_config.toml"

    /// Where the repository keeps its own configuration, if anywhere: a `config_path` in the
    /// `[validate]` section of `.demisto-sdk-conf` (as the content repository does), or a
    /// `validation_config.toml` at the root. Paths are returned relative to `root` when inside it.
    public static func repositoryOwn(root: String) -> String? {
        if let data = FileManager.default.contents(atPath: root + "/.demisto-sdk-conf") {
            var section = ""
            for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") { section = line; continue }
                guard section == "[validate]", let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")
                let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if key == "config_path", !value.isEmpty {
                    return value.hasPrefix("/") ? value : root + "/" + value
                }
            }
        }
        let atRoot = root + "/validation_config.toml"
        return FileManager.default.fileExists(atPath: atRoot) ? atRoot : nil
    }

    /// flow's own configuration, compiled into the executable from `Resources/validation_config.toml`
    /// (`FLOW_RESOURCES_DIR=<a Resources/ directory>` reads it from there instead, for developing
    /// flow). demisto-sdk wants a path, so the embedded bytes are written to `directory` (flow's
    /// state directory, `.git/flow/`) when that file is missing or differs.
    public static func shipped(directory: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let dir = environment["FLOW_RESOURCES_DIR"], !dir.isEmpty {
            let path = dir + "/" + shippedName
            guard FileManager.default.fileExists(atPath: path) else {
                throw FlowError.invalid("FLOW_RESOURCES_DIR=\(dir) has no \(shippedName)", hint: "unset FLOW_RESOURCES_DIR to use the copy inside flow")
            }
            return path
        }
        guard let bytes = EmbeddedFiles.bytes("Resources/" + shippedName) else {
            throw FlowError(.toolMissing, "flow was built without its \(shippedName)", hint: "rebuild flow from a complete source tree")
        }
        let path = directory + "/" + shippedName
        if FileManager.default.contents(atPath: path).map([UInt8].init) != bytes {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try AtomicFile.write(Data(bytes), to: path)
            } catch {
                throw FlowError.invalid("cannot write \(path): \(error.localizedDescription)", hint: "check the permissions of \(directory)")
            }
        }
        return path
    }

    /// The configuration to pass with `--config-path`: the repository's own, else flow's
    /// (written into `directory`).
    public static func resolve(root: String, directory: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let own = repositoryOwn(root: root) { return own }
        return try shipped(directory: directory, environment: environment)
    }
}
