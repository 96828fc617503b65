import FlowGitTypes

/// `git.tag-on-head`: HEAD carries a tag matching a pattern, annotated unless told otherwise.
public enum GitTagOnHeadGate: Gate {
    public static let id = "git.tag-on-head"
    public static let summary = "HEAD carries a (by default annotated) tag matching a pattern"
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
            return .fail("tag \(light.name) on HEAD is lightweight; an annotated tag is required",
                         fix: "git tag -d \(light.name) && git tag -a \(light.name) -m \"\(light.name)\"")
        }
        if context.git.isShallow, try context.git.tags().isEmpty {
            return .fail("this is a shallow clone with no tags fetched", fix: "git fetch --tags --unshallow origin")
        }
        // A matching tag on another commit is the usual mistake (a commit after tagging, a tag
        // made on the wrong branch): say where it points, so the fix is clear.
        let elsewhere = try context.git.tags().filter { $0.commit != head && Glob.matches(pattern, $0.name) }
        if let other = elsewhere.first {
            let commit = other.commit.map { String($0.prefix(12)) } ?? "a non-commit"
            return .fail("HEAD (\(head.prefix(12))) carries no tag matching \(pattern); tag \(other.name) points at \(commit), not at HEAD",
                         fix: "run from the tagged commit (git checkout \(other.name)), or if HEAD is the release, move the tag: "
                            + "git tag -d \(other.name) && git tag -a \(other.name) -m \(other.name)")
        }
        return .fail("HEAD (\(head.prefix(12))) carries no tag matching \(pattern)",
                     fix: "tag the release on main: flow release")
    }

    public static let examples: [GateExample] = [
        .passing("annotated tag", initialCommit + [.tag("v1.0.0", annotated: true)]),
        .failing("lightweight tag", reason: "is lightweight", initialCommit + [.tag("v1.0.0", annotated: false)]),
        .passing("lightweight allowed", params: ["annotated": .bool(false)], initialCommit + [.tag("v1.0.0", annotated: false)]),
        .failing("no tag", reason: "carries no tag", initialCommit),
        .failing("tag elsewhere", reason: "tag v1.0.0 points at",
                 initialCommit + [.tag("v1.0.0", annotated: true), .write("b.txt", "b"), .stage(["b.txt"]), .commit("later")]),
        .failing("pattern mismatch", params: ["pattern": .string("v*")], reason: "matching v*",
                 initialCommit + [.tag("release-1", annotated: true)]),
    ]
}
