import FlowGitTypes

/// `git.no-artifacts`: no build artifact is tracked or staged: `*.zip` in any case, `*_build/`,
/// `uploadable_packs/`, and no staged file that is a zip by its first bytes, whatever its name.
public enum GitNoArtifactsGate: Gate {
    public static let id = "git.no-artifacts"
    public static let summary = "no zip or build output is tracked or staged"

    /// Local file header, empty archive and spanned archive signatures.
    static let zipMagic: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x07, 0x08]]

    public static func isArtifactName(_ path: String) -> Bool {
        // Called for every tracked file (100,000 in a large content repo): decide ASCII paths on
        // their bytes, without the allocations of lowercased()/split; others take the general rule.
        if FastPath.enabled, let answer = asciiIsArtifactName(path) { return answer }
        return isArtifactNameByCharacters(path)
    }

    /// The general rule, character by character: what the byte rule must always agree with.
    static func isArtifactNameByCharacters(_ path: String) -> Bool {
        if path.lowercased().hasSuffix(".zip") { return true }
        return path.split(separator: "/").dropLast().contains { $0.hasSuffix("_build") || $0 == "uploadable_packs" }
    }

    /// `isArtifactName` for an all-ASCII path (byte and character rules agree there); nil otherwise.
    static func asciiIsArtifactName(_ path: String) -> Bool? {
        var path = path
        return path.withUTF8(asciiIsArtifactName(bytes:))
    }

    /// `isArtifactName` of a path given as its UTF-8 bytes (an index entry's, straight from the
    /// mapped index): decided on the bytes when they are all ASCII, else by the general rule.
    public static func isArtifactName(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if FastPath.enabled, let answer = asciiIsArtifactName(bytes: bytes) { return answer }
        return isArtifactName(String(decoding: bytes, as: UTF8.self))
    }

    static func asciiIsArtifactName(bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let n = bytes.count
        if n > 0, bytes[n - 1] == 0x2F { return nil } // a trailing "/" drops a different last component
        var componentStart = 0
        var i = 0
        while i < n {
            // Eight bytes at a time while they hold neither "/" nor a non-ASCII byte (exact
            // tests: any word that might hold one is looked at byte by byte below).
            if i + 8 <= n, let base = bytes.baseAddress {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let slashes = word ^ 0x2F2F_2F2F_2F2F_2F2F
                let hasSlash = (slashes &- 0x0101_0101_0101_0101) & ~slashes & 0x8080_8080_8080_8080 != 0
                if word & 0x8080_8080_8080_8080 == 0 && !hasSlash {
                    i += 8
                    continue
                }
            }
            let byte = bytes[i]
            if byte >= 0x80 { return nil }
            if byte == 0x2F { // "/": a directory component ends here
                if matches(bytes, end: i, "_build") || (i - componentStart == 16 && matches(bytes, end: i, "uploadable_packs")) {
                    return true
                }
                componentStart = i + 1
            }
            i += 1
        }
        guard n >= 4 else { return false }
        return bytes[n - 4] == 0x2E && bytes[n - 3] | 0x20 == 0x7A && bytes[n - 2] | 0x20 == 0x69
            && bytes[n - 1] | 0x20 == 0x70 // ".zip", letters in either case
    }

    /// True when `bytes[..<end]` ends with `word` (ASCII).
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end >= count else { return false }
        let w = word.utf8Start
        for k in 0..<count where bytes[end - count + k] != w[k] { return false }
        return true
    }

    /// Document formats that are zip containers by design (test data, not pack build output).
    static let zipContainerExtensions: Set<String> = ["docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "pptm",
                                                      "odt", "ods", "odp", "odg", "epub", "vsdx"]

    static func isZipContainerDocument(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return zipContainerExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        var found: [String] = []
        var byName: [String] = []
        var byContent: [String] = []
        let staged = try context.git.stagedChanges()
        let stagedPaths = Set(staged.map(\.path))
        // Every tracked file is checked: on its bytes, so only artifacts become strings.
        for path in try context.git.indexPaths(where: isArtifactName(bytes:)) {
            found.append("\(stagedPaths.contains(path) ? "staged" : "tracked") build artifact: \(path)")
            byName.append(path)
        }
        for change in staged where change.kind != .deleted && !isArtifactName(change.path) && !isZipContainerDocument(change.path) {
            guard let oid = change.oid, change.mode != 0o120000, change.mode != 0o160000 else { continue }
            let head = try context.git.blobPrefix(oid, count: 4)
            if zipMagic.contains(head) {
                found.append("staged file is a zip archive by its content: \(change.path)")
                byContent.append(change.path)
            }
        }
        if found.isEmpty { return .pass() }
        // The fix fits what was found: one command line that takes each file named out of the
        // index (the file stays on disk) and ignores what .gitignore does not yet ignore. A zip
        // under another name is no build output by name: it is taken out, not ignored.
        var steps = ["git rm -q --cached -- \(Shell.words(byName + byContent))"]
        let ignored = Set((context.files.read(".gitignore").map { String(decoding: $0, as: UTF8.self) } ?? "")
            .split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() })
        let missing = ignorePatterns(for: byName).filter { !RepoGitignoreGate.covers(ignored, $0) }
        if !missing.isEmpty {
            steps.append("printf '\(missing.joined(separator: "\\n"))\\n' >> .gitignore && git add .gitignore")
        }
        if let first = byContent.first {
            found.append("\(first) is a zip archive under another name (test data in a zip-based document format takes its "
                         + "real extension: .docx, .xlsx, .pptx, .odt...)")
        }
        return .fail(reasons: found, fix: steps.joined(separator: " && "))
    }

    /// The .gitignore lines that ignore these artifacts: `*.zip` for `.zip`, the case-insensitive
    /// `*.[zZ][iI][pP]` for any other case (git's patterns match case-sensitively), `*_build/`,
    /// `uploadable_packs/`.
    public static func ignorePatterns(for paths: [String]) -> [String] {
        var patterns: [String] = []
        for path in paths {
            let components = path.split(separator: "/").dropLast()
            let pattern: String
            if components.contains(where: { $0 == "uploadable_packs" }) {
                pattern = "uploadable_packs/"
            } else if components.contains(where: { $0.hasSuffix("_build") }) {
                pattern = "*_build/"
            } else {
                pattern = path.hasSuffix(".zip") ? "*.zip" : "*.[zZ][iI][pP]"
            }
            if !patterns.contains(pattern) { patterns.append(pattern) }
        }
        return patterns
    }

    static let zipBytes: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)

    public static let examples: [GateExample] = [
        .passing("sources only", initialCommit + [.write("Packs/X/README.md", "x"), .stage(["Packs/X/README.md"])]),
        .failing("staged uploadable_packs zip", reason: "staged build artifact: Packs/X/uploadable_packs/X.zip",
                 initialCommit + [.writeBytes("Packs/X/uploadable_packs/X.zip", zipBytes), .stage(["Packs/X"])]),
        .failing("upper-case .ZIP", reason: "Pack.ZIP",
                 initialCommit + [.writeBytes("Pack.ZIP", zipBytes), .stage(["Pack.ZIP"])]),
        .failing("upper-case .ZIP with *.zip already in .gitignore", reason: "staged build artifact: AcmeExport.ZIP",
                 initialCommit + [.write(".gitignore", "*.zip\n"), .stage([".gitignore"]), .commit("ignore zips"),
                                  .writeBytes("AcmeExport.ZIP", zipBytes), .stage(["AcmeExport.ZIP"])]),
        .failing("zip renamed to .txt", reason: "zip archive by its content: notes.txt",
                 initialCommit + [.writeBytes("notes.txt", zipBytes), .stage(["notes.txt"])]),
        .failing("tracked build dir", reason: "tracked build artifact: X_build/out.json",
                 initialCommit + [.write("X_build/out.json", "{}"), .stage(["X_build/out.json"]), .commit("oops")]),
        .passing("a .docx and an .xlsx of test data (zip containers by format)",
                 initialCommit + [.writeBytes("Packs/X/test_data/report.docx", zipBytes),
                                  .writeBytes("Packs/X/test_data/sheet.XLSX", zipBytes), .stage(["Packs/X"])]),
        .passing("zip removed from the index", initialCommit + [.writeBytes("a.zip", zipBytes), .stage(["a.zip"]),
                                                                 .commit("oops"), .remove("a.zip"), .stage(["a.zip"])]),
    ]
}
