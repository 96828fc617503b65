import FlowGitTypes

/// `git.no-artifacts`: no build artifact is tracked or staged: `*.zip` in any case, `*_build/`,
/// `uploadable_packs/`, and no staged file that is a zip by its first bytes, whatever its name.
public enum GitNoArtifactsGate: Gate {
    public static let id = "git.no-artifacts"
    public static let summary = "no zip or build output is tracked or staged"
    public static let enforces = [
        RuleClaim(
            "S47", "no zip or build directory is staged, by name or by content (a renamed zip, a split archive, upper case)",
            shownBy: ["staged uploadable_packs zip", "zip renamed to .txt", "tracked build dir"]),
        RuleClaim("S56", "no zip is ever committed", shownBy: ["staged uploadable_packs zip"]),
    ]

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
        // A part of a split archive or a compressed zip: `x.zip.001`, `x.zip.gz` (not `x.zip.d/`).
        if let last = path.split(separator: "/", omittingEmptySubsequences: false).last?.lowercased(),
            let range = last.range(of: ".zip.", options: .backwards)
        {
            let rest = last[range.upperBound...]
            if (!rest.isEmpty && rest.allSatisfy { ("0"..."9").contains($0) }) || zipWrapperExtensions.contains(String(rest)) {
                return true
            }
        }
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
        if n > 0, bytes[n - 1] == 0x2F { return nil }  // a trailing "/" drops a different last component
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
            if byte == 0x2F {  // "/": a directory component ends here
                if matches(bytes, end: i, "_build") || (i - componentStart == 16 && matches(bytes, end: i, "uploadable_packs")) {
                    return true
                }
                componentStart = i + 1
            }
            i += 1
        }
        // `.zip.` in the last component (`x.zip.001`, `x.zip.gz`): rare, left to the general rule.
        if n - componentStart >= 5 {
            for k in componentStart...(n - 5)
            where bytes[k] == 0x2E && bytes[k + 4] == 0x2E
                && bytes[k + 1] | 0x20 == 0x7A && bytes[k + 2] | 0x20 == 0x69 && bytes[k + 3] | 0x20 == 0x70
            {
                return nil
            }
        }
        guard n >= 4 else { return false }
        return bytes[n - 4] == 0x2E && bytes[n - 3] | 0x20 == 0x7A && bytes[n - 2] | 0x20 == 0x69
            && bytes[n - 1] | 0x20 == 0x70  // ".zip", letters in either case
    }

    /// True when `bytes[..<end]` ends with `word` (ASCII).
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end >= count else { return false }
        let w = word.utf8Start
        for k in 0..<count where bytes[end - count + k] != w[k] { return false }
        return true
    }

    /// What follows `.zip.` in a compressed or wrapped zip's name.
    static let zipWrapperExtensions: Set<String> = ["gz", "bz2", "xz", "zst", "7z", "tar", "part", "tgz"]

    /// Document formats that are zip containers by design (test data, not pack build output).
    static let zipContainerExtensions: Set<String> = [
        "docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "pptm",
        "odt", "ods", "odp", "odg", "epub", "vsdx",
    ]

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
        for change in staged where change.kind != .deleted && !isArtifactName(change.path) {
            guard let oid = change.oid, change.mode != 0o120000, change.mode != 0o160000 else { continue }
            let problem = try zipByContent(
                change.path, head: try context.git.blobPrefix(oid, count: 4),
                whole: { try context.git.blobPrefix(oid, count: Int.max) })
            if let problem {
                found.append("staged file \(problem)")
                byContent.append(change.path)
            }
        }
        if found.isEmpty { return .pass() }
        // The fix fits what was found: one command line that takes each file named out of the
        // index (the file stays on disk) and ignores what .gitignore does not yet ignore. A zip
        // under another name is no build output by name: it is taken out, not ignored.
        var steps = ["git rm -q --cached -- \(Shell.words(byName + byContent))"]
        let ignored = Set(
            (context.files.read(".gitignore").map { String(decoding: $0, as: UTF8.self) } ?? "")
                .split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() })
        let missing = ignorePatterns(for: byName).filter { !RepoGitignoreGate.covers(ignored, $0) }
        if !missing.isEmpty {
            steps.append("printf '\(missing.joined(separator: "\\n"))\\n' >> .gitignore && git add .gitignore")
        }
        if let first = byContent.first {
            found.append(
                "\(first) is a zip archive under another name (test data in a zip-based document format takes its "
                    + "real extension: .docx, .xlsx, .pptx, .odt...)")
        }
        return .fail(reasons: found, fix: steps.joined(separator: " && "))
    }

    /// A zip's end-of-central-directory record in the last 65,557 bytes (22 bytes and a comment
    /// of up to 65,535), whatever comes before the archive.
    /// Why a file whose name is no artifact's is a zip all the same ("is a zip archive by its
    /// content: PATH", ...), or nil: `head` is its first four bytes, `whole` reads the rest only
    /// when the answer needs it. The hook asks it of each staged file, `flow verify commits` of
    /// each file a commit adds or changes.
    public static func zipByContent(_ path: String, head: [UInt8], whole: () throws -> [UInt8]) rethrows -> String? {
        let document = isZipContainerDocument(path)
        if zipMagic.contains(head) && !document { return "is a zip archive by its content: \(path)" }
        // A document format that is a zip by design is test data, unless it holds a pack; any
        // other file may still be a zip behind a prefix (a stub): its end record says so.
        guard document || head.count == 4 else { return nil }
        let bytes = try whole()
        if document {
            guard zipMagic.contains(head), let name = packEntry(bytes) else { return nil }
            return "is a pack zip under a document's name (it holds \(name)): \(path)"
        }
        return hasEndRecord(bytes) ? "ends in a zip archive (bytes before it are a stub): \(path)" : nil
    }

    static func hasEndRecord(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 22 else { return false }
        let low = max(0, bytes.count - 65_557)
        var i = bytes.count - 22
        while i >= low {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { return true }
            i -= 1
        }
        return false
    }

    /// The name of an entry of the zip's central directory that makes it a pack
    /// (`pack_metadata.json`, or the built zip's `metadata.json`); nil when there is none.
    static func packEntry(_ bytes: [UInt8]) -> String? {
        var i = 0
        while i + 46 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02 {
                let length = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
                if i + 46 + length <= bytes.count {
                    let name = String(decoding: bytes[(i + 46)..<(i + 46 + length)], as: UTF8.self)
                    let last = name.split(separator: "/").last.map(String.init) ?? name
                    if last == "pack_metadata.json" || name == "metadata.json" { return name }
                }
            }
            i += 1
        }
        return nil
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

    /// A zip whose central directory names `Demo/pack_metadata.json` (a local header, then one
    /// central directory entry, then the end record; no data is needed to tell).
    static let packZip: [UInt8] = {
        let name = Array("Demo/pack_metadata.json".utf8)
        var central: [UInt8] = [0x50, 0x4B, 0x01, 0x02] + [UInt8](repeating: 0, count: 24)
        central += [UInt8(name.count & 0xFF), UInt8(name.count >> 8)] + [UInt8](repeating: 0, count: 16) + name
        return [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + central + zipBytes
    }()

    public static let examples: [GateExample] = [
        .passing("sources only", initialCommit + [.write("Packs/X/README.md", "x"), .stage(["Packs/X/README.md"])]),
        .failing(
            "staged uploadable_packs zip", reason: "staged build artifact: Packs/X/uploadable_packs/X.zip",
            initialCommit + [.writeBytes("Packs/X/uploadable_packs/X.zip", zipBytes), .stage(["Packs/X"])]),
        .failing(
            "upper-case .ZIP", reason: "Pack.ZIP",
            initialCommit + [.writeBytes("Pack.ZIP", zipBytes), .stage(["Pack.ZIP"])]),
        .failing(
            "upper-case .ZIP with *.zip already in .gitignore", reason: "staged build artifact: AcmeExport.ZIP",
            initialCommit + [
                .write(".gitignore", "*.zip\n"), .stage([".gitignore"]), .commit("ignore zips"),
                .writeBytes("AcmeExport.ZIP", zipBytes), .stage(["AcmeExport.ZIP"]),
            ]),
        .failing(
            "zip renamed to .txt", reason: "zip archive by its content: notes.txt",
            initialCommit + [.writeBytes("notes.txt", zipBytes), .stage(["notes.txt"])]),
        .failing(
            "tracked build dir", reason: "tracked build artifact: X_build/out.json",
            initialCommit + [.write("X_build/out.json", "{}"), .stage(["X_build/out.json"]), .commit("oops")]),
        .passing(
            "a .docx and an .xlsx of test data (zip containers by format)",
            initialCommit + [
                .writeBytes("Packs/X/test_data/report.docx", zipBytes),
                .writeBytes("Packs/X/test_data/sheet.XLSX", zipBytes), .stage(["Packs/X"]),
            ]),
        .failing(
            "a split archive's part and a compressed zip, by name", reason: "staged build artifact: Pack.zip.002",
            initialCommit + [.write("Pack.zip.002", "part two"), .write("Pack.ZIP.gz", "gz"), .stage(["."])]),
        .failing(
            "a pack zip named .docx", reason: "pack zip under a document's name (it holds Demo/pack_metadata.json): report.docx",
            initialCommit + [.writeBytes("report.docx", packZip), .stage(["report.docx"])]),
        .failing(
            "a zip behind a stub prefix", reason: "ends in a zip archive (bytes before it are a stub): tool.bin",
            initialCommit + [.writeBytes("tool.bin", Array("#!/bin/sh\nexit 0\n".utf8) + zipBytes), .stage(["tool.bin"])]),
        .passing(
            "zip removed from the index",
            initialCommit + [
                .writeBytes("a.zip", zipBytes), .stage(["a.zip"]),
                .commit("oops"), .remove("a.zip"), .stage(["a.zip"]),
            ]),
    ]
}
