/// `pack.metadata`: pack_metadata.json is a JSON object with the required fields and a semver currentVersion.
/// An existing pack's legacy `support` value (one PA117 no longer lists) passes while it is the
/// value main or the latest release has: pack.support-unchanged asks the pack to keep it.
public enum PackMetadataGate: Gate {
    public static let id = "pack.metadata"
    public static let summary = "pack_metadata.json is valid JSON and follows demisto-sdk's metadata rules (PA103, PA107-PA117, PA130)"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S9",
            "demisto-sdk's metadata rules by code: PA107's required fields (name, description, support, currentVersion, author, url, categories, tags, useCases, keywords, marketplaces), PA103, PA108, PA109, PA111, PA113, PA115, PA117, PA130",
            shownBy: ["missing author", "no marketplaces", "created not ISO"]),
        RuleClaim("S32", "valid JSON with a MAJOR.MINOR.PATCH `currentVersion`", shownBy: ["not JSON", "not semver"]),
        RuleClaim(
            "S70", "`marketplaces` matches the survey's platform (xsoar6: `xsoar`, xsoar8: `xsoar_saas`, xsiam: `marketplacev2`)",
            shownBy: ["no marketplaces"]),
        RuleClaim("P1", "PA113: a partner pack has a `url` or an `email`", shownBy: ["partner without url or email"]),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        switch layout.readMetadata(context.files) {
        case .failure(.missing(let path)):
            return .fail("pack \(layout.pack): \(path) is missing", fix: "flow create")
        case .failure(let error):
            return .fail("pack \(layout.pack): \(error)", fix: "fix the JSON in \(layout.metadata)")
        case .success(let metadata):
            var problems = metadata.problems
            if let wanted = Platform.marketplaces(for: context.config.platform),
                let have = metadata.fields["marketplaces"] as? [String], !wanted.allSatisfy(have.contains)
            {
                problems.append(
                    "\(layout.metadata): \"marketplaces\" is \(have) but platform \(context.config.platform ?? "") needs \(wanted)")
            }
            var kept = ""
            if let support = metadata.fields["support"] as? String, !PackMetadata.supportOptions.contains(support),
                let place = try publishedSupport(support, layout, context)
            {
                // PA117 refuses it in a new pack; pack.support-unchanged asks an existing one to keep it.
                problems.removeAll { $0.contains(": PA117 ") }
                kept =
                    "; support \"\(support)\" kept as \(place) (a legacy value: a new pack uses one of \(PackMetadata.supportOptions.joined(separator: ", ")))"
            }
            if problems.isEmpty { return .pass("\(layout.pack) \(metadata.currentVersionText ?? "")\(kept)") }
            return .fail(reasons: problems.map { "pack \(layout.pack): \($0)" }, fix: "edit \(layout.metadata)")
        }
    }

    /// Where an existing pack's metadata already has `support` = `value`: on main, or at the
    /// release tag pack.support-unchanged compares with; nil for a new pack or a changed value.
    static func publishedSupport(_ value: String, _ layout: PackLayout, _ context: GateContext) throws -> String? {
        var places: [(name: String, commit: String)] = []
        let main = context.config.mainBranch
        if let commit = try context.git.resolveCommit("refs/heads/\(main)") { places.append(("on \(main)", commit)) }
        if let (tag, _) = try PackSupportUnchangedGate.latestRelease(layout, context), let commit = tag.commit {
            places.append(("released in \(tag.name)", commit))
        }
        for place in places {
            guard let bytes = try context.git.fileContent(layout.metadata, at: place.commit),
                case .success(let old) = PackMetadata.parse(bytes, path: layout.metadata),
                old.fields["support"] as? String == value
            else { continue }
            return place.name
        }
        return nil
    }

    public static let examples: [GateExample] = [
        .passing("complete", pack: "Demo", initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata())]),
        .failing("missing", pack: "Demo", reason: "Packs/Demo/pack_metadata.json is missing", initialCommit),
        .failing(
            "not JSON", pack: "Demo", reason: "is not valid JSON",
            initialCommit + [PackExample.file("pack_metadata.json", "{\"name\": ")]),
        .failing(
            "not semver", pack: "Demo", reason: "currentVersion 1.0 is not MAJOR.MINOR.PATCH",
            initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0"))]),
        .failing(
            "missing author", pack: "Demo", reason: "PA107 missing required field \"author\"",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    "{\"name\":\"Demo\",\"description\":\"d\",\"support\":\"community\",\"currentVersion\":\"1.0.0\",\"url\":\"\",\"categories\":[\"Utilities\"],\"tags\":[],\"useCases\":[],\"keywords\":[],\"marketplaces\":[\"xsoar\"]}"
                )
            ]),
        // The SDK does not require `created`; a real pack of 2020 has none.
        .passing(
            "no created field", pack: "Demo",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    "{\"name\":\"Demo\",\"description\":\"d\",\"support\":\"community\",\"currentVersion\":\"1.1.8\",\"author\":\"A\",\"url\":\"\",\"categories\":[\"Utilities\"],\"tags\":[],\"useCases\":[],\"keywords\":[],\"marketplaces\":[\"xsoar\",\"marketplacev2\"]}"
                )
            ]),
        .failing(
            "no marketplaces", pack: "Demo", reason: "PA107 missing required field \"marketplaces\"",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    "{\"name\":\"Demo\",\"description\":\"d\",\"support\":\"community\",\"currentVersion\":\"1.0.0\",\"author\":\"A\",\"url\":\"\",\"categories\":[\"Utilities\"],\"tags\":[],\"useCases\":[],\"keywords\":[]}"
                )
            ]),
        .failing(
            "partner without url or email", pack: "Demo", reason: "PA113 a partner pack needs a \"url\" or an \"email\"",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    PackExample.metadata().replacingOccurrences(of: "\"community\"", with: "\"partner\""))
            ]),
        .failing(
            "created not ISO", pack: "Demo", reason: "PA115 \"created\" 01/02/2020 is not an ISO timestamp",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    PackExample.metadata().replacingOccurrences(of: "2026-01-01T00:00:00Z", with: "01/02/2020"))
            ]),
        // A resell pack published years ago with a support value the SDK no longer lists: keeping it
        // is what pack.support-unchanged asks, so an existing pack may keep it unchanged.
        .passing(
            "existing pack keeps its legacy support value", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", legacy("1.1.8")), .stage(["Packs"]), .commit("pack"),
                .branch("feature/x"), PackExample.file("pack_metadata.json", legacy("1.1.9")),
            ]),
        .failing(
            "new pack with a legacy support value", pack: "Demo", reason: "PA117 \"support\" is certified partner",
            initialCommit + [PackExample.file("pack_metadata.json", legacy("1.0.0"))]),
        .failing(
            "existing pack changes its support to another invalid value", pack: "Demo", reason: "PA117 \"support\" is Partner",
            initialCommit + [
                PackExample.file("pack_metadata.json", legacy("1.1.8")), .stage(["Packs"]), .commit("pack"),
                .branch("feature/x"),
                PackExample.file("pack_metadata.json", legacy("1.1.9").replacingOccurrences(of: "certified partner", with: "Partner")),
            ]),
    ]

    static func legacy(_ version: String) -> String {
        PackExample.metadata(version: version).replacingOccurrences(of: "\"community\"", with: "\"certified partner\"")
    }
}
