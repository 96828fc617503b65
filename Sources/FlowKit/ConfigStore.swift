import FlowCore
import Foundation
import Yams

/// `.flow/config.yml`, committed with the project.
public enum ConfigStore {
    public static let relativePath = ".flow/config.yml"

    public static func path(in root: String) -> String { root + "/" + relativePath }

    public static func load(root: String) throws -> ProjectConfig? {
        let file = path(in: root)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FlowError.invalid("\(file) is not UTF-8 text", hint: "rewrite it with `flow init`")
        }
        if let (line, problem) = YAMLDepthGuard.problem(in: text) {
            throw FlowError.invalid("\(file):\(line): \(problem)", hint: "rewrite it with `flow init`")
        }
        let config: ProjectConfig
        do {
            config = try YAMLDecoder().decode(ProjectConfig.self, from: text)
        } catch let error as YamlError {
            throw FlowError.invalid("\(file): \(error)".trimmingCharacters(in: .whitespacesAndNewlines),
                                    hint: "fix the YAML, or run `flow init` again")
        } catch {
            throw FlowError.invalid("\(file) is not a valid flow configuration: \(StateStore.describe(error))",
                                    hint: "fix it, or run `flow init` again")
        }
        if config.schemaVersion > ProjectConfig.currentSchemaVersion {
            throw FlowError.invalid("\(file) has schema version \(config.schemaVersion), newer than this flow understands",
                                    hint: "upgrade flow")
        }
        return config
    }

    public static func save(_ config: ProjectConfig, root: String) throws {
        let text = "# flow project configuration: committed, never holds a secret.\n" + (try YAMLEncoder().encode(config))
        try AtomicFile.write(Data(text.utf8), to: path(in: root))
    }
}
