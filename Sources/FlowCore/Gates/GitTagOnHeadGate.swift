import FlowGitTypes

/// `git.tag-on-head`: HEAD carries a tag matching a pattern, annotated unless told otherwise.
public enum GitTagOnHeadGate: Gate {
    public static let id = "git.tag-on-head"
    public static let summary = "HEAD carries a (by default annotated) tag matching a pattern"
    public static let enforces = [
        RuleClaim("S53", "the commit built carries its pack's annotated release tag", shownBy: ["no tag", "lightweight tag"])
    ]
    public static let parameters = [
        GateParameter("pattern", .string, "tag glob (default *)"),
        GateParameter("annotated", .bool, "require an annotated tag (default true)"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let pattern = params.string("pattern", default: "*")
        let needAnnotated = params.bool("annotated", default: true)
        guard let head = try context.git.head().commit else {
            return .fail("the branch has no commits yet, so nothing is tagged", fix: "commit first")
        }
        let here = try context.git.tags().filter { $0.commit == head && Glob.matches(pattern, $0.name) }
        if let good = here.first(where: { $0.annotated || !needAnnotated }) { return .pass("tag \(good.name)") }
        if let light = here.first {
            // Deleting a tag is only safe while nobody has it: say how to tell, never just do it.
            return .fail(
                "tag \(light.name) on HEAD is lightweight; an annotated tag is required",
                fix: "if \(light.name) was never pushed (git ls-remote --tags origin \(light.name) prints nothing): "
                    + "git tag -d \(light.name) && git tag -a \(light.name) -m \"\(light.name)\"; if it was, leave it "
                    + "and release the next version (flow release)")
        }
        if context.git.isShallow, try context.git.tags().isEmpty {
            return .fail("this is a shallow clone with no tags fetched", fix: "git fetch --tags --unshallow origin")
        }
        let elsewhere = try context.git.tags().filter { $0.commit != head && Glob.matches(pattern, $0.name) }
        let at = "HEAD (\(head.prefix(12)))"
        // The tag each configured pack's currentVersion calls for: the one that matters, named
        // rather than the first old release that happens to match the pattern.
        let expected = expectedTags(context).filter { Glob.matches(pattern, $0.tag) }
        if let want = expected.first {
            let wanted = "\(want.tag), the tag for \(want.pack)'s currentVersion \(want.version)"
            if let there = elsewhere.first(where: { $0.name == want.tag }) {
                let commit = there.commit.map { String($0.prefix(12)) } ?? "a non-commit"
                return .fail(
                    "\(at) does not carry \(wanted); \(want.tag) points at \(commit)",
                    fix: "work on the tagged release: git checkout \(want.tag) (a published tag is never moved; "
                        + "to release HEAD, give it a new version: flow release --bump patch)")
            }
            let earlier = elsewhere.map(\.name).sorted()
            // The newest earlier release by version (tag names hold the version; others sort last).
            let newest = earlier.max { a, b in
                let va = SemVer(String(a.drop { !$0.isNumber })), vb = SemVer(String(b.drop { !$0.isNumber }))
                return (va ?? SemVer(0, 0, 0)) < (vb ?? SemVer(0, 0, 0))
            }
            return .fail(
                "\(at) does not carry \(wanted)"
                    + (earlier.isEmpty ? "" : " (earlier releases, on other commits: \(earlier.joined(separator: ", ")))"),
                fix: "tag this version on main: flow release"
                    + (newest.map { "; to build or deploy the last release instead: git checkout \($0)" } ?? ""))
        }
        let noTag = pattern == "*" ? "carries no tag" : "carries no tag matching \(pattern)"
        // A matching tag on another commit is the usual mistake (a commit after tagging, a tag
        // made on the wrong branch): say where it points. A published tag is never moved.
        if let other = elsewhere.first {
            let commit = other.commit.map { String($0.prefix(12)) } ?? "a non-commit"
            return .fail(
                "\(at) \(noTag); tag \(other.name) points at \(commit), not at HEAD",
                fix: "run from the tagged commit (git checkout \(other.name)); to release HEAD, tag a new version: flow release")
        }
        return .fail("\(at) \(noTag)", fix: "tag the release on main: flow release")
    }

    /// (pack, currentVersion, tag) for each configured pack whose pack_metadata.json has a version.
    static func expectedTags(_ context: GateContext) -> [(pack: String, version: String, tag: String)] {
        context.config.packs.compactMap { pack in
            guard PackName.pathProblem(pack) == nil,
                case .success(let metadata) = PackLayout(pack: pack, packsRoot: context.config.packsRoot).readMetadata(context.files),
                let version = metadata.currentVersionText
            else { return nil }
            return (pack, version, context.config.tagName(version: version, pack: pack))
        }
    }

    /// A commit and an annotated tag per version, pack Demo at that version.
    static func releases(_ versions: [String]) -> [RepoStep] {
        initialCommit
            + versions.flatMap { v in
                [
                    .write("Packs/Demo/pack_metadata.json", "{\"currentVersion\": \"\(v)\"}\n"), .stage(["Packs"]), .commit(v),
                    .tag("v\(v)", annotated: true),
                ]
            }
    }

    public static let examples: [GateExample] = [
        .passing("annotated tag", initialCommit + [.tag("v1.0.0", annotated: true)]),
        .failing("lightweight tag", reason: "is lightweight", initialCommit + [.tag("v1.0.0", annotated: false)]),
        .passing("lightweight allowed", params: ["annotated": .bool(false)], initialCommit + [.tag("v1.0.0", annotated: false)]),
        .failing("no tag", reason: "carries no tag", initialCommit),
        .failing(
            "tag elsewhere", reason: "tag v1.0.0 points at",
            initialCommit + [.tag("v1.0.0", annotated: true), .write("b.txt", "b"), .stage(["b.txt"]), .commit("later")]),
        .failing(
            "pattern mismatch", params: ["pattern": .string("v*")], reason: "matching v*",
            initialCommit + [.tag("release-1", annotated: true)]),
        .failing(
            "earlier releases tagged, the current version not: names the current version's tag",
            reason: "does not carry v1.0.3, the tag for Demo's currentVersion 1.0.3 (earlier releases, on other commits: v1.0.0, v1.0.1",
            releases(["1.0.0", "1.0.1", "1.0.2"]) + [
                .write("Packs/Demo/pack_metadata.json", "{\"currentVersion\": \"1.0.3\"}\n"),
                .stage(["Packs"]), .commit("1.0.3"),
            ]),
    ]
}
