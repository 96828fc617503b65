import FlowCore
import Foundation

/// Which demisto-sdk validation configuration the validate action uses: the repository's own
/// when it has one, otherwise the one flow ships (`Resources/validation/validation_config.toml`, compiled in).
public enum ValidationConfig {
    /// The token a workflow command uses for the configuration's path.
    public static let token = "{validationConfig}"
    public static let shippedName = "validation/validation_config.toml"

    /// Where the repository keeps its own configuration, if anywhere: a `config_path` in the
    /// `[validate]` section of `.demisto-sdk-conf` (as the content repository does), or a
    /// `validation_config.toml` at the root. Paths are returned relative to `root` when inside it.
    public static func repositoryOwn(root: String) -> String? {
        if let data = FileManager.default.contents(atPath: root + "/.demisto-sdk-conf"),
            let value = configPath(sdkConf: String(decoding: data, as: UTF8.self))
        {
            return value.hasPrefix("/") ? value : root + "/" + value
        }
        let atRoot = root + "/validation_config.toml"
        return FileManager.default.fileExists(atPath: atRoot) ? atRoot : nil
    }

    /// The `config_path` of the `[validate]` section of a `.demisto-sdk-conf` text, as written.
    public static func configPath(sdkConf text: String) -> String? {
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                section = line
                continue
            }
            guard section == "[validate]", let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if key == "config_path", !value.isEmpty { return value }
        }
        return nil
    }

    /// flow's own configuration, compiled into the executable from
    /// `Resources/validation/validation_config.toml` and written out for demisto-sdk, which wants a
    /// path (ShippedResources; `FLOW_RESOURCES_DIR` reads a source tree's copy instead).
    public static func shipped(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let path = ShippedResources.path(shippedName, environment: environment) else {
            throw FlowError(
                .toolMissing, "flow's \(shippedName) could not be found or written",
                hint: "use the copy inside flow (unset FLOW_RESOURCES_DIR), or rebuild flow from a complete source tree")
        }
        return path
    }

    /// The configuration to pass with `--config-path`: the repository's own, else flow's.
    public static func resolve(root: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let own = repositoryOwn(root: root) { return own }
        return try shipped(environment: environment)
    }
}
