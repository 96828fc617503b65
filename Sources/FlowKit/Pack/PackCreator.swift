import FlowCore
import Foundation

/// `flow create`: the pack scaffold. Drives `demisto-sdk init --pack` when it is installed (its
/// answers fed on stdin), then fills in what it leaves empty; otherwise writes the same scaffold
/// itself. Never overwrites a file that is already there.
public enum PackCreator {
    public struct Options {
        public var pack: String?
        public var description: String?
        /// Write the scaffold without demisto-sdk even when it is installed.
        public var noSDK: Bool
        /// ReleaseNotes/1_0_0.md: nil means the default (yes, for every pack type).
        public var releaseNotes: Bool?
        public var timeoutSeconds: Int

        public init(
            pack: String? = nil, description: String? = nil, noSDK: Bool = false, releaseNotes: Bool? = nil,
            timeoutSeconds: Int = 120
        ) {
            self.pack = pack
            self.description = description
            self.noSDK = noSDK
            self.releaseNotes = releaseNotes
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public struct Result {
        public let pack: String
        public let directory: String
        public let usedSDK: Bool
        /// Files flow wrote or completed, relative to the repository root.
        public let written: [String]
        public let kept: [String]
        /// True when the pack was not configured yet and was added to `packs:` in .flow/config.yml.
        public let addedToConfig: Bool
        /// The pack's files to stage, by name (never the directory: a pack completed around the
        /// user's files may hold a private one): what flow wrote and kept, and with demisto-sdk
        /// every file of the directory it created in this run.
        public var filesToStage: [String] = []
    }

    /// Every new pack starts with ReleaseNotes/1_0_0.md (S11: "Initial ReleaseNotes"; a marketplace
    /// pack concatenates the first PR's changelog entries there).
    public static func defaultReleaseNotes(packType: String?) -> Bool { true }

    public static func create(
        project: Project, options: Options,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: ActionProgress = SilentProgress()
    ) throws -> Result {
        // It writes the pack's files: nothing this command saw of the work tree before stays true.
        defer { project.workTree.invalidate() }
        let config = project.config
        guard let pack = options.pack ?? config.packs.first else {
            throw FlowError.invalid(
                "no pack name: none given and none configured", hint: "name the pack: flow init --pack NAME, or flow create --pack NAME")
        }
        let existing = FileManager.default.fileExists(atPath: "\(project.root)/\(config.packsRoot)/\(pack)")
        if let problem = existing ? PackName.existingProblem(pack) : PackName.problem(pack) {
            throw FlowError.invalid(problem, hint: "choose a PascalCase name for a new pack, e.g. MyIntegration")
        }
        var missing: [String] = []
        if config.author == nil { missing.append("--author") }
        if config.category == nil { missing.append("--category") }
        if config.support == nil { missing.append("--support") }
        if !missing.isEmpty {
            throw FlowError.invalid(
                "the survey has no answer for \(missing.joined(separator: ", ")), which pack_metadata.json needs",
                hint: "flow init " + missing.map { "\($0) VALUE" }.joined(separator: " "))
        }
        let scaffold = PackScaffold(
            pack: pack, description: options.description, author: config.author ?? "",
            category: config.category ?? "", support: config.support ?? "",
            platform: config.platform, created: timestamp(),
            releaseNotes: options.releaseNotes ?? defaultReleaseNotes(packType: config.packType))
        let layout = PackLayout(pack: pack, packsRoot: config.packsRoot)
        let fm = FileManager.default
        let packDir = project.root + "/" + layout.directory
        try createDirectory(project.root + "/" + config.packsRoot)
        var usedSDK = false
        var written: [String] = []
        if !options.noSDK, !fm.fileExists(atPath: packDir),
            let sdk = ProcessRunner.locate("demisto-sdk", path: environment["PATH"])
        {
            try runSDK(sdk, scaffold: scaffold, project: project, timeout: options.timeoutSeconds, progress: progress)
            usedSDK = true
            written += try fixUp(layout: layout, scaffold: scaffold, root: project.root)
        }
        var kept: [String] = []
        for (relative, text) in scaffold.files {
            let path = layout.directory + "/" + relative
            let full = project.root + "/" + path
            // A file that is there is the user's, even empty; only a file demisto-sdk init has
            // just left empty in the pack it created in this run is filled in.
            if let existing = fm.contents(atPath: full), !(usedSDK && existing.isEmpty && !text.isEmpty) {
                if !written.contains(path) { kept.append(path) }
                continue
            }
            try createDirectory((full as NSString).deletingLastPathComponent)
            try AtomicFile.write(Data(text.utf8), to: full)
            if !written.contains(path) { written.append(path) }
        }
        // A second pack in the same repository: its gates only run once the config names it.
        let addedToConfig = !config.packs.contains(pack)
        if addedToConfig {
            var updated = config
            updated.packs.append(pack)
            try ConfigStore.save(updated, root: project.root)
        }
        var result = Result(
            pack: pack, directory: layout.directory, usedSDK: usedSDK, written: written, kept: kept,
            addedToConfig: addedToConfig)
        var files = written + kept
        if usedSDK, let all = fm.enumerator(atPath: packDir) {
            while let relative = all.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = layout.directory + "/" + relative
                if fm.fileExists(atPath: packDir + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
                    !files.contains(path), !GitNoArtifactsGate.isArtifactName(path)
                {
                    files.append(path)
                }
            }
        }
        result.filesToStage = files.sorted()
        return result
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FlowError.invalid("cannot create \(path): \(error.localizedDescription)", hint: "check the path and its permissions")
        }
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// The SDK's menus, as of demisto-sdk 1.39: support and category are picked by number.
    static let sdkSupports = ["xsoar", "partner", "developer", "community"]
    static let sdkCategories = [
        "Analytics & SIEM", "Utilities", "Messaging and Conferencing", "Endpoint", "Network Security",
        "Vulnerability Management", "Case Management", "Forensics & Malware Analysis", "IT Services",
        "Data Enrichment & Threat Intelligence",
    ]

    /// The answers `demisto-sdk init --pack` prompts for, in its order: fill metadata?, display
    /// name, description, support, category, marketplaces, author, email, tags, reviewers,
    /// create an integration?
    public static func sdkAnswers(_ scaffold: PackScaffold) -> String {
        let support = (sdkSupports.firstIndex(of: scaffold.support) ?? 3) + 1
        let category = (sdkCategories.firstIndex { $0 == scaffold.category || $0.hasPrefix(scaffold.category + " ") } ?? 1) + 1
        // The SDK only offers xsoar and marketplacev2; flow sets the exact values afterwards.
        let marketplace = scaffold.platform == "xsiam" ? "marketplacev2" : "xsoar"
        return [
            "y", scaffold.pack, scaffold.description, "\(support)", "\(category)", marketplace, scaffold.author,
            "", "", "", "n",
        ].joined(separator: "\n") + "\n"
    }

    static func runSDK(_ sdk: String, scaffold: PackScaffold, project: Project, timeout: Int, progress: ActionProgress) throws {
        let runner = ReportingRunner(
            phase: "create", pack: scaffold.pack, base: ProcessRunner(input: sdkAnswers(scaffold)),
            progress: progress)
        let result = runner.run(
            [sdk, "init", "--pack", "-n", scaffold.pack, "-o", project.config.packsRoot], in: project.root,
            environment: ["DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1", "CI": "true"], timeoutSeconds: timeout)
        switch result.outcome {
        case .exited(0): return
        case .notStarted(let why):
            throw FlowError(.toolMissing, why, hint: "install demisto-sdk (pip install demisto-sdk), or run flow create --no-sdk")
        case .timedOut(let seconds):
            throw FlowError(
                .blocked, "demisto-sdk init did not finish within \(seconds)s",
                hint: "remove \(project.config.packsRoot)/\(scaffold.pack) and run flow create --no-sdk")
        case .exited(let code):
            let tail = result.output.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw FlowError(
                .blocked, "demisto-sdk init exited with \(code):\n\(tail)",
                hint: "remove \(project.config.packsRoot)/\(scaffold.pack) and run flow create --no-sdk")
        }
    }

    /// What demisto-sdk init leaves wrong or empty: metadata fields the template has (created,
    /// marketplaces for the platform, dependencies), an empty README, a 0-byte author image.
    static func fixUp(layout: PackLayout, scaffold: PackScaffold, root: String) throws -> [String] {
        let fm = FileManager.default
        var changed: [String] = []
        let metadataPath = root + "/" + layout.metadata
        if let data = fm.contents(atPath: metadataPath),
            var fields = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        {
            fields["created"] = fields["created"] ?? fields["firstCreated"] ?? scaffold.created
            // demisto-sdk init writes firstCreated, a field its own schema check (ST110) refuses.
            fields.removeValue(forKey: "firstCreated")
            fields["currentVersion"] = "1.0.0"
            fields["categories"] = [scaffold.category]
            if let marketplaces = Platform.marketplaces(for: scaffold.platform) { fields["marketplaces"] = marketplaces }
            for key in ["dependencies"] where fields[key] == nil { fields[key] = [String: Any]() }
            for key in ["displayedImages", "devEmail", "githubUser", "keywords", "tags", "useCases"] where fields[key] == nil {
                fields[key] = [String]()
            }
            let out = try JSONSerialization.data(withJSONObject: fields, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try AtomicFile.write(out + Data("\n".utf8), to: metadataPath)
            changed.append(layout.metadata)
        }
        let image = root + "/" + layout.directory + "/Author_image.png"
        if let attributes = try? fm.attributesOfItem(atPath: image), (attributes[.size] as? Int) == 0 {
            try? fm.removeItem(atPath: image)
        }
        return changed
    }
}
