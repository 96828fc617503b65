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
    /// Packs adopted with their published version (`flow adopt --released`): pack name to the
    /// version already released before flow managed the pack. Its history is kept as it is.
    public var released: [String: String]
    /// Where the unit tests find CommonServerPython.py and demistomock.py when the repository has
    /// none: a directory (relative to the root or absolute), or `stand-ins` for empty modules.
    public var commonServer: String?
    /// Check commit subjects against the `feat(<Pack>): …` convention of rule S50 in the commit-msg hook
    /// (nil/false: off, as for repositories that adopted flow before it existed).
    public var commitConvention: Bool?
    /// Marketplace packs: the first pull request against the content repository is filed, so each
    /// review round bumps the version by 0.0.1 with its release notes (rules S37, S39).
    public var firstPRFiled: Bool?
    /// `manual`: `flow init` and `flow feature start` leave the git hooks alone (another hook
    /// manager runs `flow hook NAME`); nil or `auto`: they install flow's hooks.
    public var hooks: String?

    /// The configuration says flow must not install its hooks itself.
    public var hooksAreManual: Bool { hooks == "manual" }

    /// Lets `flow verify release` accept a release tagged with `flow release --skip-validate`
    /// (nil/false: such a release is refused there).
    public var allowSkippedValidate: Bool?

    /// Runs each integration's and script's unit tests inside the Docker image its YAML names
    /// (`dockerimage`), with docker or podman, as `demisto-sdk pre-commit` does (nil/false: on the
    /// host, with the tools' Python).
    public var testsInImage: Bool?

    /// Per-pack exceptions to content gates, each with its reason (`GateException`).
    public var exceptions: [GateException] = []

    /// The exception that covers `gate` for `pack`, if any.
    public func exception(pack: String, gate: String) -> GateException? {
        exceptions.first { $0.pack == pack && $0.gate == gate }
    }

    /// The adopted packs' recorded debt, read from `.flow/baseline.txt` (not from config.yml):
    /// findings of the content gates that the gates list as known instead of refusing.
    public var baseline = Baseline()

    public init(
        schemaVersion: Int = ProjectConfig.currentSchemaVersion, workflow: String = "minimal",
        packs: [String] = [], packType: String? = nil, platform: String? = nil, author: String? = nil,
        category: String? = nil, support: String? = nil, zipDir: String? = nil, instanceURL: String? = nil,
        mainBranch: String = "main", featurePrefix: String = "feature/", tagFormat: String = "v{version}",
        packsRoot: String = "Packs", released: [String: String] = [:], commonServer: String? = nil,
        commitConvention: Bool? = nil, firstPRFiled: Bool? = nil, hooks: String? = nil, allowSkippedValidate: Bool? = nil,
        testsInImage: Bool? = nil
    ) {
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
        self.released = released
        self.commonServer = commonServer
        self.commitConvention = commitConvention
        self.firstPRFiled = firstPRFiled
        self.hooks = hooks
        self.allowSkippedValidate = allowSkippedValidate
        self.testsInImage = testsInImage
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, workflow, packs, packType, platform, author, category, support, zipDir, instanceURL,
            mainBranch, featurePrefix, tagFormat, packsRoot, released, commonServer, commitConvention, firstPRFiled, hooks,
            allowSkippedValidate, testsInImage,
            exceptions
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
        released = try c.decodeIfPresent([String: String].self, forKey: .released) ?? [:]
        commonServer = try c.decodeIfPresent(String.self, forKey: .commonServer)
        commitConvention = try c.decodeIfPresent(Bool.self, forKey: .commitConvention)
        firstPRFiled = try c.decodeIfPresent(Bool.self, forKey: .firstPRFiled)
        hooks = try c.decodeIfPresent(String.self, forKey: .hooks)
        allowSkippedValidate = try c.decodeIfPresent(Bool.self, forKey: .allowSkippedValidate)
        testsInImage = try c.decodeIfPresent(Bool.self, forKey: .testsInImage)
        exceptions = try c.decodeIfPresent([GateException].self, forKey: .exceptions) ?? []
    }

    /// As the synthesized encoder would, but `released` only when a pack was adopted, so a
    /// plain configuration stays in the flat form the hook reads without YAML.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(workflow, forKey: .workflow)
        try c.encode(packs, forKey: .packs)
        try c.encodeIfPresent(packType, forKey: .packType)
        try c.encodeIfPresent(platform, forKey: .platform)
        try c.encodeIfPresent(author, forKey: .author)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(support, forKey: .support)
        try c.encodeIfPresent(zipDir, forKey: .zipDir)
        try c.encodeIfPresent(instanceURL, forKey: .instanceURL)
        try c.encode(mainBranch, forKey: .mainBranch)
        try c.encode(featurePrefix, forKey: .featurePrefix)
        try c.encode(tagFormat, forKey: .tagFormat)
        try c.encode(packsRoot, forKey: .packsRoot)
        if !released.isEmpty { try c.encode(released, forKey: .released) }
        try c.encodeIfPresent(commonServer, forKey: .commonServer)
        try c.encodeIfPresent(commitConvention, forKey: .commitConvention)
        try c.encodeIfPresent(firstPRFiled, forKey: .firstPRFiled)
        try c.encodeIfPresent(hooks, forKey: .hooks)
        try c.encodeIfPresent(allowSkippedValidate, forKey: .allowSkippedValidate)
        try c.encodeIfPresent(testsInImage, forKey: .testsInImage)
        if !exceptions.isEmpty { try c.encode(exceptions, forKey: .exceptions) }
    }

    /// The release tag name for a version of a pack.
    public func tagName(version: String, pack: String) -> String {
        tagFormat.replacingOccurrences(of: "{version}", with: version).replacingOccurrences(of: "{pack}", with: pack)
    }

    /// Which pack and version a tag names, by the configured tag format; nil for any other tag.
    public func releaseTag(_ name: String) -> (pack: String, version: String)? {
        for pack in packs {
            let format = tagFormat.replacingOccurrences(of: "{pack}", with: pack)
            guard let range = format.range(of: "{version}") else { continue }
            let prefix = String(format[..<range.lowerBound])
            let suffix = String(format[range.upperBound...])
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { continue }
            let version = String(name.dropFirst(prefix.count).dropLast(suffix.count))
            guard SemVer(version) != nil else { continue }
            return (pack, version)
        }
        // A `{pack}` format names any pack, configured or not (a pack dropped from the config is
        // still released under its own tag): read the pack's name out of the tag.
        guard let packRange = tagFormat.range(of: "{pack}") else { return nil }
        let before = String(tagFormat[..<packRange.lowerBound])
        let rest = String(tagFormat[packRange.upperBound...])
        guard let versionRange = rest.range(of: "{version}") else { return nil }
        let between = String(rest[..<versionRange.lowerBound])
        let after = String(rest[versionRange.upperBound...])
        guard !between.isEmpty, name.hasPrefix(before), name.hasSuffix(after),
            name.count > before.count + after.count
        else { return nil }
        let middle = String(name.dropFirst(before.count).dropLast(after.count))
        guard let split = middle.range(of: between, options: .backwards) else { return nil }
        let pack = String(middle[..<split.lowerBound])
        let version = String(middle[split.upperBound...])
        guard !pack.isEmpty, PackName.pathProblem(pack) == nil, SemVer(version) != nil else { return nil }
        return (pack, version)
    }
}
