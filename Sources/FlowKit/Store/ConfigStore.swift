import FlowCore
import FlowGitTypes
import Foundation
import Yams

/// `.flow/config.yml`, committed with the project.
public enum ConfigStore {
    public static let relativePath = ".flow/config.yml"

    public static func path(in root: String) -> String { root + "/" + relativePath }

    /// Larger files are refused before they are read: the configuration is a dozen lines.
    public static let maximumBytes = 1 << 20

    /// `deferBaseline`: `.flow/baseline.txt` is kept unparsed until a gate needs it (the
    /// pre-commit hook, whose recorded pass is keyed by its text; `Baseline(unparsed:)`).
    public static func load(root: String, deferBaseline: Bool = false) throws -> ProjectConfig? {
        let file = path(in: root)
        // stat(2), not FileManager's attribute dictionary: its first use costs the hook ~0.4 ms.
        var info = stat()
        if stat(file, &info) == 0, Int(info.st_size) > maximumBytes {
            let size = Int(info.st_size)
            throw FlowError.invalid(
                "\(file) is \(size) bytes; the configuration may be at most \(maximumBytes)",
                hint: "move it aside and run `flow init` again")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            // There but unreadable (a directory, say): never treated as missing, which would invite a fresh init.
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            throw FlowError.invalid(
                "cannot read \(file) (a directory, or not readable)",
                hint: "check its permissions, or move it aside and run `flow init` again")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FlowError.invalid("\(file) is not UTF-8 text", hint: "rewrite it with `flow init`")
        }
        var config = try decodeSettings(text, file: file)
        config.baseline = try loadBaseline(root: root, parse: !deferBaseline)
        return config
    }

    /// Parses the configuration's text (`file` names it in messages) and reads the baseline beside it.
    static func decode(_ text: String, file: String, root: String) throws -> ProjectConfig {
        var loaded = try decodeSettings(text, file: file)
        loaded.baseline = try loadBaseline(root: root)
        return loaded
    }

    /// The configuration's settings from its text, without the baseline (a commit's configuration
    /// is read from its blobs, never through files).
    static func decodeSettings(_ text: String, file: String) throws -> ProjectConfig {
        // Every hook run loads this file: the flat form `save` writes is read directly (Yams
        // compiles its resolver's regular expressions on first use, ~1.5 ms); anything else,
        // and every malformed file, goes through Yams and its located errors.
        let config: ProjectConfig
        if FastPath.enabled, let flat = parseFlat(text) {
            config = flat
        } else {
            // Parsed once on its own so a syntax error names its line and column, and an empty file
            // or a list says so instead of a decoder's "wrong type at".
            let root: Node?
            do {
                root = try YAMLDepthGuard.compose(text)
            } catch {
                switch error.kind {
                case .tooDeep:
                    throw FlowError.invalid("\(file):\(error.line ?? 1): \(error.message)", hint: "rewrite it with `flow init`")
                case .syntax:
                    throw FlowError.invalid(
                        "\(file):\(error.line ?? 1):\(error.column ?? 1): YAML syntax: \(error.message)",
                        hint: "fix the YAML, or run `flow init` again")
                case .other:
                    throw FlowError.invalid("\(file): \(error.message)", hint: "fix the YAML, or run `flow init` again")
                }
            }
            guard let root else {
                throw FlowError.invalid(
                    "\(file) is empty: it needs at least `workflow` and `packs`",
                    hint: "run `flow init` again (or restore it: git checkout -- \(relativePath))")
            }
            guard root.mapping != nil else {
                let at = root.mark.map { ":\($0.line):\($0.column)" } ?? ""
                throw FlowError.invalid(
                    "\(file)\(at): the configuration is a mapping of settings (workflow:, packs:, ...)",
                    hint: "fix it, or run `flow init` again")
            }
            // Yams reads an integer written with colons as base 60, unchecked: one that overflows traps.
            if let version = root.mapping?["schemaVersion"], let value = version.scalar?.string,
                YAMLInteger.baseSixtyOverflows(value)
            {
                let at = version.mark.map { ":\($0.line):\($0.column)" } ?? ""
                throw FlowError.invalid(
                    "\(file)\(at): schemaVersion \(value) is not a number flow can read",
                    hint: "write `schemaVersion: \(ProjectConfig.currentSchemaVersion)`, or run `flow init` again")
            }
            do {
                config = try YAMLDecoder().decode(ProjectConfig.self, from: text)
            } catch {
                throw FlowError.invalid(
                    "\(file) is not a valid flow configuration: \(StateStore.describe(error))",
                    hint: "fix it, or run `flow init` again")
            }
            let entries = root.mapping?["exceptions"]?.sequence ?? []
            for (index, exception) in config.exceptions.enumerated() {
                guard let problem = exception.problem(in: config) else { continue }
                let line = index < entries.count ? entries[index].mark.map { ":\($0.line)" } ?? "" : ""
                throw FlowError.invalid(
                    "\(file)\(line): exception for \(exception.pack) \(exception.gate): \(problem)",
                    hint: "fix the entry under `exceptions:` (pack, a pack.* or docs.* gate, and the reason), or remove it")
            }
        }
        if config.schemaVersion > ProjectConfig.currentSchemaVersion {
            throw FlowError.invalid(
                "\(file) has schema version \(config.schemaVersion), newer than this flow understands",
                hint: "upgrade flow")
        }
        if let problem = packsRootProblem(config.packsRoot) {
            throw FlowError.invalid(
                "\(file): packsRoot \(config.packsRoot) \(problem)",
                hint: "set packsRoot to a directory inside the repository, such as Packs")
        }
        return config
    }

    /// `.flow/baseline.txt`, the adopted packs' recorded debt; empty when there is none.
    public static func loadBaseline(root: String, parse: Bool = true) throws -> Baseline {
        let file = root + "/" + Baseline.relativePath
        guard let data = FileManager.default.contents(atPath: file) else {
            guard FileManager.default.fileExists(atPath: file) else { return Baseline() }
            throw FlowError.invalid("cannot read \(file) (a directory, or not readable)", hint: "check its permissions")
        }
        guard parse else { return Baseline(unparsed: String(decoding: data, as: UTF8.self)) }
        return try baseline([UInt8](data), file: file)
    }

    /// The recorded debt from the bytes of a `.flow/baseline.txt` that `file` names in messages.
    static func baseline(_ bytes: [UInt8], file: String) throws -> Baseline {
        switch Baseline.parse(String(decoding: bytes, as: UTF8.self)) {
        case .success(let baseline): return baseline
        case .failure(let problem):
            throw FlowError.invalid(
                "\(file):\(problem.line): not an entry of the form <pack> TAB <pack.* or docs.* gate> TAB <finding>",
                hint: "git checkout -- \(Baseline.relativePath)")
        }
    }

    /// Writes `.flow/baseline.txt` (removes it when nothing is left).
    public static func saveBaseline(_ baseline: Baseline, root: String) throws {
        let file = root + "/" + Baseline.relativePath
        if baseline.isEmpty {
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            return
        }
        try AtomicFile.write(Data(baseline.text.utf8), to: file)
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

    /// The configuration from the flat YAML `save` writes: `key: value` lines with plain scalars
    /// that YAML can only read as strings (or a plain decimal schemaVersion), and `packs:`
    /// followed by `- Name` lines. nil for anything else (quotes, comments after values, nesting,
    /// flow style, unknown or repeated keys, values YAML would read as null, bool or number…), so
    /// that Yams decides. Where it answers, it answers exactly as Yams would.
    static func parseFlat(_ text: String) -> ProjectConfig? {
        let flatKeys: Set<String> = [
            "schemaVersion", "workflow", "packs", "packType", "platform", "author", "category",
            "support", "zipDir", "instanceURL", "mainBranch", "featurePrefix", "tagFormat",
            "packsRoot", "commitConvention", "firstPRFiled", "commonServer", "hooks", "allowSkippedValidate",
            "testsInImage",
        ]
        // Switches: only the exact words `save` writes (YAML reads more spellings; Yams decides those).
        let boolKeys: Set<String> = ["commitConvention", "firstPRFiled", "allowSkippedValidate", "testsInImage"]
        // Only printable ASCII and newlines, comments included: YAML refuses a NUL or other
        // control character anywhere (libFuzzer found one in a comment that this reader skipped).
        guard text.utf8.allSatisfy({ $0 == 0x0A || (0x20...0x7E).contains($0) }) else { return nil }
        var values: [String: String] = [:]
        var packs: [String]?
        var inPacks = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = Substring(raw)
            if line.isEmpty || line.first == "#" { continue }
            if line.hasPrefix("- ") {
                guard inPacks, let item = plainString(line.dropFirst(2)) else { return nil }
                packs?.append(item)
                continue
            }
            if inPacks && packs?.isEmpty != false { return nil }  // `packs:` with no items is null
            inPacks = false
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon])
            guard flatKeys.contains(key), values[key] == nil, !(key == "packs" && packs != nil)
            else { return nil }
            let rest = line[line.index(after: colon)...]
            if rest.isEmpty {
                guard key == "packs" else { return nil }
                packs = []
                inPacks = true
                continue
            }
            guard rest.first == " " else { return nil }
            let value = rest.dropFirst()
            if key == "packs" {
                guard value == "[]" else { return nil }
                packs = []
                continue
            }
            if boolKeys.contains(key) {
                guard value == "true" || value == "false" else { return nil }
            } else if key == "schemaVersion" {
                guard value.count <= 9, value.allSatisfy({ $0.isASCII && $0.isNumber }),
                    value == "0" || value.first != "0"
                else { return nil }
            } else if plainString(value) == nil {
                return nil
            }
            values[key] = String(value)
        }
        if inPacks && packs?.isEmpty != false { return nil }
        // An empty or comment-only file is no mapping at all: Yams' path says so.
        if values.isEmpty && packs == nil { return nil }
        var config = ProjectConfig(
            schemaVersion: values["schemaVersion"].flatMap { Int($0) } ?? ProjectConfig.currentSchemaVersion,
            workflow: values["workflow"] ?? ProjectConfig().workflow, packs: packs ?? [], packType: values["packType"],
            platform: values["platform"], author: values["author"], category: values["category"],
            support: values["support"], zipDir: values["zipDir"], instanceURL: values["instanceURL"])
        if let value = values["mainBranch"] { config.mainBranch = value }
        if let value = values["featurePrefix"] { config.featurePrefix = value }
        if let value = values["tagFormat"] { config.tagFormat = value }
        if let value = values["packsRoot"] { config.packsRoot = value }
        config.commonServer = values["commonServer"]
        config.hooks = values["hooks"]
        config.commitConvention = values["commitConvention"].map { $0 == "true" }
        config.firstPRFiled = values["firstPRFiled"].map { $0 == "true" }
        config.allowSkippedValidate = values["allowSkippedValidate"].map { $0 == "true" }
        config.testsInImage = values["testsInImage"].map { $0 == "true" }
        return config
    }

    /// A plain scalar YAML (1.1, as Yams resolves it) reads as that very string: it starts with a
    /// letter or "/", so it is no number, timestamp, `.inf`, `~`, `<<` or `=`; is not a null or
    /// bool word; holds only characters that are not YAML syntax here; no `: `, ` #`, double or
    /// edge spaces. nil otherwise.
    static func plainString(_ value: Substring) -> String? {
        guard let first = value.first, first.isASCII, first.isLetter || first == "/", value.last != " " else { return nil }
        let words: Set<String> = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
        guard !words.contains(value.lowercased()) else { return nil }
        var previous: Character = " "
        for ch in value {
            guard ch.isASCII else { return nil }
            let ok =
                ch.isLetter || ch.isNumber || "_./{}@+-".contains(ch) || (ch == ":" && previous != " ")
                || (ch == " " && previous != " " && previous != ":")
            guard ok else { return nil }
            if previous == ":" && ch != "/" && !ch.isLetter && !ch.isNumber { return nil }
            previous = ch
        }
        guard previous != ":" else { return nil }
        return String(value)
    }

    public static func save(_ config: ProjectConfig, root: String) throws {
        let text = "# flow project configuration: committed, never holds a secret.\n" + (try YAMLEncoder().encode(config))
        try AtomicFile.write(Data(text.utf8), to: path(in: root))
    }
}
