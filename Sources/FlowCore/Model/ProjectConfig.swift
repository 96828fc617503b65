/// The committed project configuration, `.flow/config.yml`. Never holds a secret.
public struct ProjectConfig: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// A shipped workflow name (`xsoar-local`) or a path to a workflow file, relative to the repository root.
    public var workflow: String
    public var packs: [String]
    public var packType: String?
    public var platform: String?
    public var author: String?
    public var category: String?
    public var support: String?
    public var zipDir: String?
    public var instanceURL: String?
    public var mainBranch: String
    public var featurePrefix: String
    /// `{version}` and `{pack}` are replaced.
    public var tagFormat: String
    public var packsRoot: String
    /// Check commit subjects against the seed's `feat(<Pack>): …` convention in the commit-msg hook
    /// (nil/false: off, as for repositories that adopted flow before it existed).
    public var commitConvention: Bool?
    /// Marketplace packs: the first pull request against the content repository is filed, so each
    /// review round bumps the version by 0.0.1 with its release notes (seed: Version Rules).
    public var firstPRFiled: Bool?

    public init(schemaVersion: Int = ProjectConfig.currentSchemaVersion, workflow: String = "minimal",
                packs: [String] = [], packType: String? = nil, platform: String? = nil, author: String? = nil,
                category: String? = nil, support: String? = nil, zipDir: String? = nil, instanceURL: String? = nil,
                mainBranch: String = "main", featurePrefix: String = "feature/", tagFormat: String = "v{version}",
                packsRoot: String = "Packs", commitConvention: Bool? = nil, firstPRFiled: Bool? = nil) {
        self.schemaVersion = schemaVersion
        self.workflow = workflow
        self.packs = packs
        self.packType = packType
        self.platform = platform
        self.author = author
        self.category = category
        self.support = support
        self.zipDir = zipDir
        self.instanceURL = instanceURL
        self.mainBranch = mainBranch
        self.featurePrefix = featurePrefix
        self.tagFormat = tagFormat
        self.packsRoot = packsRoot
        self.commitConvention = commitConvention
        self.firstPRFiled = firstPRFiled
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, workflow, packs, packType, platform, author, category, support, zipDir, instanceURL,
             mainBranch, featurePrefix, tagFormat, packsRoot, commitConvention, firstPRFiled
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ProjectConfig()
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? ProjectConfig.currentSchemaVersion
        workflow = try c.decodeIfPresent(String.self, forKey: .workflow) ?? defaults.workflow
        packs = try c.decodeIfPresent([String].self, forKey: .packs) ?? []
        packType = try c.decodeIfPresent(String.self, forKey: .packType)
        platform = try c.decodeIfPresent(String.self, forKey: .platform)
        author = try c.decodeIfPresent(String.self, forKey: .author)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        support = try c.decodeIfPresent(String.self, forKey: .support)
        zipDir = try c.decodeIfPresent(String.self, forKey: .zipDir)
        instanceURL = try c.decodeIfPresent(String.self, forKey: .instanceURL)
        mainBranch = try c.decodeIfPresent(String.self, forKey: .mainBranch) ?? defaults.mainBranch
        featurePrefix = try c.decodeIfPresent(String.self, forKey: .featurePrefix) ?? defaults.featurePrefix
        tagFormat = try c.decodeIfPresent(String.self, forKey: .tagFormat) ?? defaults.tagFormat
        packsRoot = try c.decodeIfPresent(String.self, forKey: .packsRoot) ?? defaults.packsRoot
        commitConvention = try c.decodeIfPresent(Bool.self, forKey: .commitConvention)
        firstPRFiled = try c.decodeIfPresent(Bool.self, forKey: .firstPRFiled)
    }

    /// The release tag name for a version of a pack.
    public func tagName(version: String, pack: String) -> String {
        tagFormat.replacingOccurrences(of: "{version}", with: version).replacingOccurrences(of: "{pack}", with: pack)
    }
}
