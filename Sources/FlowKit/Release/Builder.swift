import Crypto
import FlowCore
import FlowGit
import Foundation
import ZIPFoundation

/// `flow build`: zip the tagged release of a pack, check the zip, write its manifest.
public struct Builder {
    public let project: Project
    public var runner: CommandRunning

    public init(project: Project, runner: CommandRunning = ProcessRunner()) {
        self.project = project
        self.runner = runner
    }

    public struct Result: Codable, Equatable, Sendable {
        public let zipPath: String
        public let manifestPath: String
        public let manifest: BuildManifest
    }

    /// - Parameter force: replace a zip of the same version whose bytes differ from this build's.
    public func build(pack requested: String?, force: Bool = false) throws -> Result {
        let workflow = project.workflow
        guard workflow.phase(withRole: .build) != nil else {
            let why =
                project.config.packType == "marketplace"
                ? "marketplace packs are never zipped by you: the content repository's CI builds them once your PR is merged"
                : "add a phase with `role: build` after the release phase of \(workflow.source) (`flow workflow show xsoar-local` "
                    + "shows one), or use a workflow that has one"
            throw FlowError.invalid(
                "workflow \(workflow.id) has no build phase (no phase with `role: build`), "
                    + "so flow build does not apply to it; nothing was built", hint: why)
        }
        let pack = try project.selectPack(requested)
        let (_, version) = try project.currentVersion(of: pack)
        let verification = try ReleaseVerifier.verify(project, packs: [pack])
        guard verification.passed else {
            let reasons = verification.failures.flatMap { f in f.reasons.map { "\(f.gate): \($0)" } }
            throw FlowError(
                .blocked,
                "build refused: HEAD is not a clean, tagged release on \(project.config.mainBranch):\n  "
                    + reasons.joined(separator: "\n  "),
                hint: verification.failures.first?.fix ?? "flow verify release shows what is missing")
        }
        let zipDirectory = try resolveZipDirectory()
        guard ProcessRunner.locate("demisto-sdk") != nil else {
            throw FlowError(.toolMissing, "demisto-sdk is not installed or not on PATH", hint: "pip install demisto-sdk")
        }
        let tag = project.config.tagName(version: version.description, pack: pack)
        let commit = (try? project.repository.head().commit).flatMap { $0 } ?? ""
        let buildDirectory = NSTemporaryDirectory() + "flow-build-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: buildDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: buildDirectory) }

        let produced = try withListsAside(pack) { try zipPacks(pack, into: buildDirectory) }
        let fixed = buildDirectory + "/reproducible.zip"
        try ReproducibleZip.rewrite(produced, to: fixed, updated: commitTime())
        let name = "\(pack)-\(version).zip"
        let zipPath = zipDirectory + "/" + name
        let newSHA = try ZipCheck.sha256(of: fixed)
        var replaced: String?
        if FileManager.default.fileExists(atPath: zipPath) {
            let oldSHA = try ZipCheck.sha256(of: zipPath)
            if oldSHA != newSHA {
                guard force else {
                    throw FlowError(
                        .blocked,
                        "\(zipPath) already exists with different bytes (sha256 \(oldSHA.prefix(16))…, "
                            + "this build \(newSHA.prefix(16))…): not replaced",
                        hint: "the same tag should give the same zip; if the one there is wrong, flow build --force "
                            + "replaces it (the manifest records the sha256 it replaced)")
                }
                replaced = oldSHA
            }
        }
        try? FileManager.default.removeItem(atPath: zipPath)
        try FileManager.default.moveItem(atPath: fixed, toPath: zipPath)

        guard let inside = try ZipCheck.packVersion(inZip: zipPath) else {
            throw FlowError(.blocked, "\(zipPath) holds no pack_metadata.json", hint: "look at what demisto-sdk zip-packs produced")
        }
        guard inside == version.description else {
            throw FlowError(
                .blocked, "\(zipPath) holds currentVersion \(inside), expected \(version)",
                hint: "build again from the tagged commit")
        }
        let manifest = BuildManifest(
            pack: pack, version: version.description, tag: tag, commit: commit, zip: name,
            sha256: try ZipCheck.sha256(of: zipPath), demistoSdkVersion: sdkVersion(),
            reproducible: true, replacedSHA256: replaced)
        let manifestPath = zipDirectory + "/\(pack)-\(version).json"
        try Data(JSONOutput.render(manifest).utf8 + [0x0A]).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        return Result(zipPath: zipPath, manifestPath: manifestPath, manifest: manifest)
    }

    /// The configured zip directory, absolute; it must be outside the repository or git-ignored.
    func resolveZipDirectory() throws -> String {
        guard let configured = project.config.zipDir, !configured.isEmpty else {
            throw FlowError.invalid(
                "no zip directory is configured (zipDir in \(ConfigStore.relativePath))",
                hint: "choose a directory outside the repository: flow init --zip-dir DIR, or zipDir: in .flow/config.yml")
        }
        let expanded = (configured as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : project.root + "/" + expanded
        let path = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let root = URL(fileURLWithPath: project.root).standardizedFileURL.path
        if path == root || path.hasPrefix(root + "/") {
            let relative = path == root ? "." : String(path.dropFirst(root.count + 1))
            let ignored = runner.run(
                ["git", "check-ignore", "-q", "--no-index", relative + "/"], in: project.root,
                environment: [:], timeoutSeconds: 60)
            guard ignored.succeeded else {
                throw FlowError(
                    .blocked, "the zip directory \(relative) is inside the repository and not git-ignored",
                    hint: "add `\(relative)/` to .gitignore, or set zipDir to a directory outside the repository")
            }
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// demisto-sdk zip-packs chokes on a pack's Lists directory, so it is moved aside (into the
    /// git directory, never lost with a temp dir) for the run and put back afterwards, even when
    /// the run fails.
    func withListsAside<T>(_ pack: String, _ body: () throws -> T) throws -> T {
        let fm = FileManager.default
        let lists = project.root + "/" + project.layout(pack).directory + "/Lists"
        let aside = project.repository.commonDirectory + "/flow/lists-aside/\(pack)"
        // A run killed mid-way left them aside: put them back first.
        if fm.fileExists(atPath: aside), !fm.fileExists(atPath: lists) { try fm.moveItem(atPath: aside, toPath: lists) }
        guard fm.fileExists(atPath: lists) else { return try body() }
        try fm.createDirectory(atPath: (aside as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? fm.removeItem(atPath: aside)
        try fm.moveItem(atPath: lists, toPath: aside)
        defer { try? fm.moveItem(atPath: aside, toPath: lists) }
        return try body()
    }

    func zipPacks(_ pack: String, into buildDirectory: String) throws -> String {
        let packDir = project.layout(pack).directory
        let result = runner.run(
            ["demisto-sdk", "zip-packs", "-i", packDir, "-o", buildDirectory], in: project.root,
            environment: demistoEnvironment(root: project.root), timeoutSeconds: 600)
        switch result.outcome {
        case .exited(0): break
        case .notStarted(let why): throw FlowError(.toolMissing, why, hint: "pip install demisto-sdk")
        case .timedOut(let s):
            throw FlowError(.blocked, "demisto-sdk zip-packs did not finish within \(s) s", hint: "run it yourself to see why")
        case .exited(let code):
            let tail = ToolNoise.clean(result.output).split(separator: "\n").suffix(15).joined(separator: "\n  ")
            throw FlowError(
                .blocked, "demisto-sdk zip-packs failed (exit \(code)):\n  \(tail)", hint: "fix what it reports, then flow build")
        }
        let expected = buildDirectory + "/uploadable_packs/\(pack).zip"
        if FileManager.default.fileExists(atPath: expected) { return expected }
        let found = FileManager.default.enumerator(atPath: buildDirectory)?.compactMap { $0 as? String }
            .first { $0.hasSuffix(".zip") }
        guard let found else {
            throw FlowError(
                .blocked, "demisto-sdk zip-packs exited 0 but wrote no zip",
                hint: "run demisto-sdk zip-packs -i \(packDir) -o build_dir yourself to see what it does")
        }
        return buildDirectory + "/" + found
    }

    /// HEAD's committer time in UTC (`2026-01-31T12:00:00Z`): the release's own time, so the zip
    /// does not change with the time of the build.
    func commitTime() -> String? {
        let result = runner.run(["git", "show", "-s", "--format=%ct", "HEAD"], in: project.root, environment: [:], timeoutSeconds: 60)
        guard result.succeeded, let seconds = TimeInterval(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    func sdkVersion() -> String {
        let result = runner.run(
            ["demisto-sdk", "--version"], in: project.root,
            environment: demistoEnvironment(root: project.root), timeoutSeconds: 120)
        let line = result.output.split(separator: "\n").first { $0.contains(where: \.isNumber) }
        let text = line.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        // "demisto-sdk version: 1.39.13" → "1.39.13"
        return text.split(separator: " ").last.map(String.init) ?? text
    }
}
