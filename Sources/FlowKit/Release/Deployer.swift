import FlowCore
import Foundation

/// `flow deploy`: send a built, checked zip to XSOAR (or leave it in the zip directory).
public struct Deployer {
    public let project: Project
    public var runner: CommandRunning
    public var environment: [String: String]

    public init(
        project: Project, runner: CommandRunning = ProcessRunner(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.project = project
        self.runner = runner
        self.environment = environment
    }

    public struct Result: Codable, Equatable, Sendable {
        public let pack: String
        public let version: String
        public let zipPath: String
        /// "uploaded", "left in the zip directory" or "cancelled".
        public let action: String
        /// The server (no credentials), when uploading.
        public let server: String?
        /// demisto-sdk's output with the API key scrubbed.
        public let output: String
    }

    /// - Parameter confirm: asked before uploading; nil uploads without asking (--yes, or no TTY).
    public func deploy(pack requested: String?, confirm: ((String) -> Bool)?) throws -> Result {
        let pack = try project.selectPack(requested)
        let (manifest, zipDirectory) = try latestManifest(pack)
        let zipPath = zipDirectory + "/" + manifest.zip
        guard FileManager.default.fileExists(atPath: zipPath) else {
            throw FlowError(.blocked, "\(zipPath) named by the manifest does not exist", hint: "build it on the release tag: flow build")
        }
        let actual = try ZipCheck.sha256(of: zipPath)
        guard actual == manifest.sha256 else {
            throw FlowError(
                .blocked,
                "\(zipPath) does not match its manifest (sha256 \(actual.prefix(16))…, manifest says "
                    + "\(manifest.sha256.prefix(16))…): the zip changed after it was built",
                hint: "check out tag \(manifest.tag) and run flow build again")
        }
        guard let base = environment["DEMISTO_BASE_URL"], !base.isEmpty else {
            let left = Result(
                pack: pack, version: manifest.version, zipPath: zipPath, action: "left in the zip directory",
                server: nil,
                output: "DEMISTO_BASE_URL is not set: install \(zipPath) by hand "
                    + "(Marketplace > Upload content), or set DEMISTO_BASE_URL and DEMISTO_API_KEY to upload it")
            BuildProgress.recordDeploy(project, left, sha256: actual)
            return left
        }
        guard let key = environment["DEMISTO_API_KEY"], !key.isEmpty else {
            throw FlowError.invalid(
                "DEMISTO_BASE_URL is set but DEMISTO_API_KEY is not",
                hint: "set the key in the environment (export DEMISTO_API_KEY=KEY); flow never stores it")
        }
        let platform = project.config.platform ?? "xsoar6"
        if platform != "xsoar6", (environment["XSIAM_AUTH_ID"] ?? "").isEmpty {
            throw FlowError.invalid(
                "platform \(platform) needs XSIAM_AUTH_ID (the API key's id) besides DEMISTO_API_KEY",
                hint: "export XSIAM_AUTH_ID=ID")
        }
        guard ProcessRunner.locate("demisto-sdk", path: environment["PATH"]) != nil else {
            throw FlowError(.toolMissing, "demisto-sdk is not installed or not on PATH", hint: "pip install demisto-sdk")
        }
        let server = Deployer.withoutCredentials(base)
        if let confirm, !confirm("Upload \(manifest.zip) to \(server)?") {
            return Result(pack: pack, version: manifest.version, zipPath: zipPath, action: "cancelled", server: server, output: "")
        }
        var env = demistoEnvironment(root: project.root)
        for name in ["DEMISTO_BASE_URL", "DEMISTO_API_KEY", "XSIAM_AUTH_ID", "DEMISTO_VERIFY_SSL", "PATH", "HOME"] {
            if let value = environment[name] { env[name] = value }
        }
        let result = runner.run(
            ["demisto-sdk", "upload", "-i", zipPath, "--insecure"], in: project.root,
            environment: env, timeoutSeconds: 600)
        let output = Deployer.scrub(ToolNoise.clean(result.output), secrets: [key, environment["XSIAM_AUTH_ID"] ?? ""])
        switch result.outcome {
        case .exited(0):
            let uploaded = Result(
                pack: pack, version: manifest.version, zipPath: zipPath, action: "uploaded", server: server,
                output: output)
            BuildProgress.recordDeploy(project, uploaded, sha256: actual)
            return uploaded
        case .notStarted(let why):
            throw FlowError(.toolMissing, why, hint: "pip install demisto-sdk")
        case .timedOut(let s):
            throw FlowError(
                .blocked, "demisto-sdk upload to \(server) did not finish within \(s) s",
                hint: "check that the server answers: curl -k \(server)/about")
        case .exited(let code):
            let tail = output.split(separator: "\n").suffix(15).joined(separator: "\n  ")
            throw FlowError(
                .blocked, "demisto-sdk upload to \(server) failed (exit \(code)):\n  \(tail)",
                hint: "check DEMISTO_BASE_URL, the API key and that the server answers, then flow deploy again")
        }
    }

    /// The newest `<Pack>-<version>.json` manifest in the zip directory.
    func latestManifest(_ pack: String) throws -> (BuildManifest, String) {
        guard let configured = project.config.zipDir, !configured.isEmpty else {
            throw FlowError.invalid(
                "no zip directory is configured (zipDir in \(ConfigStore.relativePath))",
                hint: "flow init --zip-dir DIR && flow build")
        }
        let expanded = (configured as NSString).expandingTildeInPath
        let directory = URL(fileURLWithPath: expanded.hasPrefix("/") ? expanded : project.root + "/" + expanded)
            .standardizedFileURL.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let versions = names.compactMap { name -> (SemVer, String)? in
            guard name.hasPrefix(pack + "-"), name.hasSuffix(".json") else { return nil }
            let text = name.dropFirst(pack.count + 1).dropLast(".json".count)
            return SemVer(String(text)).map { ($0, name) }
        }
        guard let newest = versions.max(by: { $0.0 < $1.0 }) else {
            throw FlowError(.blocked, "no build of \(pack) in \(directory)", hint: "check out the release tag and run flow build")
        }
        let path = directory + "/" + newest.1
        guard let data = FileManager.default.contents(atPath: path),
            let manifest = try? JSONDecoder().decode(BuildManifest.self, from: data)
        else {
            throw FlowError.invalid("\(path) is not a flow build manifest", hint: "delete it and run flow build again")
        }
        guard manifest.pack == pack, manifest.zip == "\(pack)-\(manifest.version).zip", !manifest.zip.contains("/") else {
            throw FlowError.invalid("\(path) does not describe \(pack)-\(newest.0).zip", hint: "delete it and run flow build again")
        }
        return (manifest, directory)
    }

    /// A URL without user:password@, for messages.
    static func withoutCredentials(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.user = nil
        parts.password = nil
        return parts.string ?? url
    }

    /// Replaces every secret in text with ***.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}
