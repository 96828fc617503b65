import FlowCore
import Foundation
import Yams

/// `.flow/config.yml`, committed with the project.
public enum ConfigStore {
    public static let relativePath = ".flow/config.yml"

    public static func path(in root: String) -> String { root + "/" + relativePath }

    /// Larger files are refused before they are read: the configuration is a dozen lines.
    public static let maximumBytes = 1 << 20

    public static func load(root: String) throws -> ProjectConfig? {
        let file = path(in: root)
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > maximumBytes {
            throw FlowError.invalid("\(file) is \(size) bytes; the configuration may be at most \(maximumBytes)",
                                    hint: "move it aside and run `flow init` again")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            // There but unreadable (a directory, say): never treated as missing, which would invite a fresh init.
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            throw FlowError.invalid("cannot read \(file) (a directory, or not readable)",
                                    hint: "check its permissions, or move it aside and run `flow init` again")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FlowError.invalid("\(file) is not UTF-8 text", hint: "rewrite it with `flow init`")
        }
        if let (line, problem) = YAMLDepthGuard.problem(in: text) {
            throw FlowError.invalid("\(file):\(line): \(problem)", hint: "rewrite it with `flow init`")
        }
        // Parsed once on its own so a syntax error names its line and column, and an empty file
        // or a list says so instead of a decoder's "wrong type at".
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                throw FlowError.invalid("\(file):\(mark.line):\(mark.column): YAML syntax: \(problem)",
                                        hint: "fix the YAML, or run `flow init` again")
            default:
                throw FlowError.invalid("\(file): \(error)".trimmingCharacters(in: .whitespacesAndNewlines),
                                        hint: "fix the YAML, or run `flow init` again")
            }
        }
        guard let root else {
            throw FlowError.invalid("\(file) is empty: it needs at least `workflow` and `packs`",
                                    hint: "run `flow init` again (or restore it: git checkout -- \(relativePath))")
        }
        guard root.mapping != nil else {
            let at = root.mark.map { ":\($0.line):\($0.column)" } ?? ""
            throw FlowError.invalid("\(file)\(at): the configuration is a mapping of settings (workflow:, packs:, ...)",
                                    hint: "fix it, or run `flow init` again")
        }
        let config: ProjectConfig
        do {
            config = try YAMLDecoder().decode(ProjectConfig.self, from: text)
        } catch {
            throw FlowError.invalid("\(file) is not a valid flow configuration: \(StateStore.describe(error))",
                                    hint: "fix it, or run `flow init` again")
        }
        if config.schemaVersion > ProjectConfig.currentSchemaVersion {
            throw FlowError.invalid("\(file) has schema version \(config.schemaVersion), newer than this flow understands",
                                    hint: "upgrade flow")
        }
        if let problem = packsRootProblem(config.packsRoot) {
            throw FlowError.invalid("\(file): packsRoot \(config.packsRoot) \(problem)",
                                    hint: "set packsRoot to a directory inside the repository, such as Packs")
        }
        return config
    }

    /// Every pack path starts with packsRoot: it must stay inside the repository.
    static func packsRootProblem(_ packsRoot: String) -> String? {
        if packsRoot.isEmpty { return "is empty" }
        if packsRoot.hasPrefix("/") { return "is an absolute path" }
        if packsRoot.split(separator: "/").contains("..") || packsRoot.contains("\\") || packsRoot.contains("\0") {
            return "leads outside the repository"
        }
        return nil
    }

    public static func save(_ config: ProjectConfig, root: String) throws {
        let text = "# flow project configuration: committed, never holds a secret.\n" + (try YAMLEncoder().encode(config))
        try AtomicFile.write(Data(text.utf8), to: path(in: root))
    }
}
