/// Every repository file that decides a verdict of `flow verify`: the one list (docs/design.md,
/// "Policy inputs", describes each). A range that changes one of them changes the rules it is
/// judged by, so `flow verify checks` and `flow verify commits` name it and fail until a maintainer
/// accepts the new rules (`--accept-rule-changes`).
public enum PolicyInputs {
    /// One changed policy file and what it decides.
    public struct Change: Codable, Equatable, Sendable {
        public let path: String
        public let why: String
        public init(path: String, why: String) {
            self.path = path
            self.why = why
        }
    }

    /// What the judging side names: the configuration's workflow and `commonServer:`, and where
    /// the packs are. Built from the base's configuration and from the tip's.
    public struct Setting: Equatable, Sendable {
        public var workflow: String?
        public var commonServer: String?
        public var packsRoot: String
        /// `config_path` of `.demisto-sdk-conf`'s `[validate]` section, relative to the root.
        public var validationConfig: String?
        public init(workflow: String?, commonServer: String?, packsRoot: String, validationConfig: String? = nil) {
            self.workflow = workflow
            self.commonServer = commonServer
            self.packsRoot = packsRoot
            self.validationConfig = validationConfig
        }
    }

    /// flow's configuration: the workflow, packsRoot, commonServer, the main branch.
    public static let configPath = ".flow/config.yml"

    /// The repository's test requirements (FlowKit's `TestRequirements`).
    public static let testRequirementsPath = ".flow/test-requirements.txt"

    /// Tool configuration that changes how pytest, ruff or demisto-sdk judge, by file name, and the
    /// tool it configures. Outside a pack directory (the root, the packs root, any directory above a
    /// pack) each is a policy input; inside a pack it is the pack's own content, loaded for that
    /// pack only and judged with it (a pack's `conftest.py` is reviewed as the pack's code).
    public static let toolConfigurations: [String: String] = [
        "ruff.toml": "ruff's configuration",
        ".ruff.toml": "ruff's configuration",
        "pyproject.toml": "tool configuration ([tool.ruff], [tool.pytest])",
        "pytest.ini": "pytest's configuration",
        "setup.cfg": "tool configuration ([tool:pytest])",
        "tox.ini": "tool configuration ([pytest])",
        "conftest.py": "a pytest plugin (conftest.py) above the packs",
        "validation_config.toml": "demisto-sdk validate's configuration",
        ".demisto-sdk-conf": "demisto-sdk's configuration (validate's config_path)",
        "sitecustomize.py": "Python start-up code",
        "usercustomize.py": "Python start-up code",
    ]

    /// The test doubles every pack's tests import, wherever flow looks for them: the repository's
    /// own copies (the content repository's places, or the root), in this order.
    public static let commonServerCandidates: [String: [String]] = [
        "CommonServerPython.py": ["Packs/Base/Scripts/CommonServerPython/CommonServerPython.py", "CommonServerPython.py"],
        "demistomock.py": ["Tests/demistomock/demistomock.py", "demistomock.py"],
    ]
    /// Directories put on every test run's PYTHONPATH beside them (a content fork's).
    public static let commonServerExtraDirectories = [
        "Packs/ApiModules/Scripts/DemistoClassApiModule",
        "Packs/Base/Scripts/CommonServerUserPython",
    ]
    static let commonServerNames: Set = ["CommonServerPython.py", "demistomock.py", "CommonServerUserPython.py"]

    /// Why `path` is a policy input under the settings of the base and the tip; nil when it is not.
    public static func why(_ path: String, settings: [Setting]) -> String? {
        if path == configPath { return "flow's configuration (workflow, packsRoot, commonServer)" }
        if path == testRequirementsPath { return "the extra packages every pack's tests import (pinned, on PYTHONPATH)" }
        if path.hasPrefix(".github/workflows/"), path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
            return "the CI workflow that runs flow verify"
        }
        for setting in settings {
            if let workflow = setting.workflow, isRepositoryPath(workflow),
                workflow.contains("/") || workflow.hasSuffix(".yml") || workflow.hasSuffix(".yaml"), normalised(workflow) == path
            {
                return "the workflow (\(configPath) names it)"
            }
            if let config = setting.validationConfig, normalised(config) == path {
                return "demisto-sdk validate's configuration (.demisto-sdk-conf names it)"
            }
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if commonServerCandidates.values.contains(where: { $0.contains(path) })
            || commonServerExtraDirectories.contains(where: { path.hasPrefix($0 + "/") })
        {
            return "CommonServerPython/demistomock every pack's tests run with"
        }
        for setting in settings {
            if let directory = setting.commonServer, isRepositoryPath(directory), commonServerNames.contains(name),
                path == normalised(directory) + "/" + name || (normalised(directory).isEmpty && path == name)
            {
                return "CommonServerPython/demistomock every pack's tests run with (commonServer: names it)"
            }
        }
        if let tool = toolConfigurations[name], !settings.contains(where: { isInsidePack(path, packsRoot: $0.packsRoot) }) {
            return tool
        }
        return nil
    }

    /// The refusal of a range that changes the rules, and how a maintainer accepts it.
    public static func rulesChangedMessage(_ changes: [Change]) -> String {
        "the rules changed in this range: \(changes.map(\.path).joined(separator: ", ")): needs a run with the new rules by a maintainer"
    }
    public static let acceptFix =
        "a maintainer reviews these files and runs the check again with --accept-rule-changes "
        + "(the range is then judged with the new rules, and the report says so)"

    /// The configuration fields no verdict of `flow verify` depends on (it judges every pack
    /// directory, listed or not, and never zips or deploys): `packs`, `zipDir`, `instanceURL`. A range
    /// that changes only these in `.flow/config.yml` (`flow create` adds its pack) changes no rule.
    public static func configChangesRules(_ before: ProjectConfig?, _ after: ProjectConfig?) -> Bool {
        guard var before, var after else { return before != nil || after != nil }
        before.packs = []
        after.packs = []
        before.zipDir = nil
        after.zipDir = nil
        before.instanceURL = nil
        after.instanceURL = nil
        // The recorded debt is judged on its own (it may shrink; entries added are a rule change).
        before.baseline = Baseline()
        after.baseline = Baseline()
        return before != after
    }

    /// The changed paths that are policy inputs, in order.
    public static func changes(_ paths: [String], settings: [Setting]) -> [Change] {
        var seen: Set<String> = []
        return paths.compactMap { path in
            guard seen.insert(path).inserted, let why = why(path, settings: settings) else { return nil }
            return Change(path: path, why: why)
        }
    }

    /// `<packsRoot>/<Pack>/<something>`: the pack's own content.
    static func isInsidePack(_ path: String, packsRoot: String) -> Bool {
        let root = normalised(packsRoot) + "/"
        guard path.hasPrefix(root) else { return false }
        return path.dropFirst(root.count).split(separator: "/", maxSplits: 1).count == 2
    }

    /// A repository-relative path (not a shipped workflow name, not absolute).
    static func isRepositoryPath(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("/") && value != "stand-ins"
    }

    /// `./a//b/` spelled as git spells it: `a/b`.
    public static func normalised(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.joined(separator: "/")
    }
}
