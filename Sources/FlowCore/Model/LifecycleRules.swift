/// How much of a lifecycle rule flow enforces.
public enum RuleExtent: String, Sendable, CaseIterable {
    /// Every case the rule's words name is refused somewhere (a gate, a hook, a command).
    case full
    /// Some cases are refused; the row says which are not.
    case partial
    /// Nothing refuses a breach; the row says why.
    case none = "not enforced"
    /// A person's judgement or an act outside the repository: nothing a program can check.
    case unchecked = "not checkable"
}

/// One rule of the XSOAR lifecycle: its stable id, the source's words, how much of it flow
/// enforces, and what enforces it besides the gates (commands, hooks, the tools' configuration).
/// What a gate enforces is declared by the gate (`Gate.enforces`); the rules table of
/// docs/xsoar-lifecycle.md is generated from both (`LifecycleTable`), so a claim cannot drift
/// from the code that makes it.
public struct LifecycleRuleEntry: Sendable {
    public let id: String
    public let words: String
    public let extent: RuleExtent
    public let elsewhere: String?

    public init(_ id: String, _ words: String, _ extent: RuleExtent, _ elsewhere: String? = nil) {
        self.id = id
        self.words = words
        self.extent = extent
        self.elsewhere = elsewhere
    }
}

/// Every rule flow takes from the lifecycle documents, in the order of the rules table. S: the
/// pack development lifecycle; T: the contribution design tutorial; P: the partner program guide.
public enum LifecycleRules {
    public static let all: [LifecycleRuleEntry] = [
        .init(
            "S1", "NEVER skip or reorder these steps", .partial,
            "`flow next` leaves a phase only when its gates pass and goes to the workflow's next phase; `flow goto` only moves back. The hooks and `flow verify` check the recorded evidence of each check, not the order the phases ran in"
        ),
        .init(
            "S2", "STOP and WAIT for answers (survey)", .full,
            "`flow init` takes every survey answer (asked on a terminal, else from its options) and exits 2 naming what is missing"),
        .init(
            "S3", "supports XSOAR 6 only ... warn user for 8/XSIAM", .full,
            "`flow init` with `--platform xsoar8` or `xsiam` warns that API interactions may need manual adjustment there"),
        .init(
            "S4", "Check Prerequisites git/python/docker/sdk...", .partial,
            "`flow doctor` lists each tool, what needs it and how to install it, the Docker images the packs name and whether docker or podman is there, and the repository's test requirements; an action whose program, test requirement or (with `testsInImage: true`) container engine is missing stops with exit 3 and the install command. Docker is not required unless the repository asks for tests in the images"
        ),
        .init("S5", "Must have Packs/ at root, git initialized, and origin remote", .full),
        .init("S6", "For EVERY new feature ... create a feature branch", .full, "the pre-commit hook refuses a commit on main"),
        .init(
            "S7", "MUST use demisto-sdk init", .partial,
            "`flow create` runs `demisto-sdk init --pack` when demisto-sdk is installed (`--no-sdk` writes the same files itself); a pack created by hand is not refused"
        ),
        .init("S8", ".pack-ignore, .secrets-ignore", .full),
        .init("S9", "pack_metadata.json Template", .full, "`flow create` writes the template's fields"),
        .init("S10", "Version MUST start at 1.0.0", .full),
        .init("S11", "Initial ReleaseNotes (1_0_0.md)", .full, "`flow create` writes `ReleaseNotes/1_0_0.md` for every pack type"),
        .init(
            "S12", "The YAML must define commonfields.id ... dockerimage", .partial,
            "the validate action: demisto-sdk's ST110 checks each YAML against its schema, DO100 to DO102 the Docker image's name (nothing is pulled; DO103, DO105 and DO106 need the network and are left out, docs/actions.md)"
        ),
        .init("S13", "Every integration MUST have a logo 120x50", .full, "and demisto-sdk's IM111 in the validate action"),
        .init(
            "S14", "try to find the official logo / no text placeholder", .unchecked,
            "whether a logo is the vendor's official one is a person's judgement"),
        .init("S15", "Every new function gets a test", .full),
        .init(
            "S16", "command_examples.txt", .none,
            "only `demisto-sdk generate-docs` reads it; the README's `#### Command Example` is checked instead"),
        .init("S17", "_description.md - MUST BE DETAILED", .partial, "how detailed the text is, is not judged"),
        .init("S18", "Set isfetch: true, add incidentType, max_fetch, first_fetch", .full),
        .init("S19", "Deduplication ... demisto.incidents() exactly once", .partial),
        .init("S20", "Never use demisto.createIncidents() in a fetch-incidents handler", .full),
        .init("S21", "Complete Fetch Integration Checklist type/fields/classifier/mapper", .full),
        .init("S22", "Long-Running Key Rules longRunningPort, updateModuleHealth", .partial),
        .init("S23", "incident field \"id: Must be incident_<cliname>\", file patterns", .partial),
        .init(
            "S24", "demisto-sdk validate ... MUST run inside ... or set DEMISTO_SDK_CONTENT_PATH", .full,
            "the validate action runs demisto-sdk at the repository root with `DEMISTO_SDK_CONTENT_PATH` set to it"),
        .init(
            "S25", "Run ruff check --ignore=F403,F405 AND ruff format", .full,
            "the lint action runs `ruff check` and `ruff format` with the repository's ruff configuration, else flow's `Resources/lint/ruff.toml` (E, W, F, T10, T20; F403 and F405 ignored; lines up to 130), judged on the lines the change touches in an existing pack"
        ),
        .init(
            "S26", "copy shared XSOAR modules before tests", .full,
            "the test action puts the real `CommonServerPython.py` and `demistomock.py` on the tests' path (the repository's own, or a pinned copy checked by SHA-256) and stops with exit 3 when it has none (docs/actions.md)"
        ),
        .init(
            "S27", "These files are NOT committed to git", .full,
            "the files flow puts in place for the tools are listed in `.git/info/exclude`; a check refuses to run over an ignored `.py` or tool configuration in the pack, which CI would never see"
        ),
        .init(
            "S28", "ALL tests must pass before proceeding", .full,
            "the test action fails a run with a failed test, and one that ran no test on a pack with Python sources (skipped tests are counted), with the repository's pinned `.flow/test-requirements.txt` importable (in CI the base branch's list) or, with `testsInImage: true`, inside each component's `dockerimage`; the evidence says which ran; the pre-commit hook and `flow verify checks` refuse content whose test evidence is missing or failed"
        ),
        .init("S29", "All args.get() calls have matching YAML argument definitions", .full),
        .init("S30", "MUST have isArray: true", .partial),
        .init("S31", "All markdown files use ASCII only", .full),
        .init("S32", "pack_metadata.json has valid JSON and correct version", .full),
        .init(
            "S33", "ReleaseNotes file exists matching the version", .full,
            "`flow release` and `flow verify release` refuse a version without its notes"),
        .init(
            "S34", "demisto-sdk validate passes", .full,
            "the validate action runs `demisto-sdk validate` with the content repository's offline checks (docs/actions.md); the hooks and `flow verify checks` refuse content whose validate evidence is missing or failed"
        ),
        .init(
            "S35", "demisto-sdk pre-commit (mypy, pylint, debug-statements, pycln)", .partial,
            "debug statements (`breakpoint()`, pdb) by ruff's T10 in the shipped lint configuration; mypy, pylint and pycln are not run (they need the content repository's environment)"
        ),
        .init(
            "S36", "Bump 0.0.1 (patch) ... after tagging", .full,
            "`flow release` tags the version, then bumps it by 0.0.1 with a release-notes stub to fill"),
        .init("S37", "Version MUST be 1.0.0 on first PR", .full),
        .init("S38", "Concatenate all changelog entries into the 1_0_0.md", .full),
        .init(
            "S39", "bump 0.0.1 per review cycle (marketplace)", .partial,
            "`flow verify` does not judge review rounds: the content repository's CI judges the pull request"),
        .init(
            "S40", "When ANY pack file changes: Increment currentVersion", .full,
            "`flow release` bumps after each tag, and its release-notes stub must be filled before the next commit"),
        .init("S41", "ALL THREE doc files in the SAME commit", .full),
        .init("S42", "Release Notes Format", .full),
        .init("S43", "Use pure ASCII in release notes", .full),
        .init("S44", "Pack README Structure (MANDATORY - all sections required)", .partial),
        .init("S45", "Verify all argument tables match the current YAML", .full),
        .init("S46", "generate-docs ... you MUST review", .partial, "the review itself is a person's"),
        .init(
            "S47", "MUST NEVER be committed (zips)", .full,
            "in the pre-commit hook and, for each commit of a range, in `flow verify commits`"),
        .init("S48", ".gitignore excludes zip output", .full),
        .init(
            "S49", "never git add -A", .none,
            "git does not record how a file was staged; flow's documents and fixes stage files by name, and the checks judge exactly what is staged"
        ),
        .init(
            "S50", "commit -m \"feat(<PackName>): ...\"", .full,
            "the commit-msg hook when `commitConvention: true` (on for `flow init` of a new repository): `<type>(<PackName>): <summary>` for a commit in a pack, `<type>: <summary>` outside the packs (docs/design.md, \"Commit subjects\")"
        ),
        .init(
            "S51", "Merge ... Final validation on main", .partial,
            "`flow release` runs on main after the merge and runs validate on the merged tree first; `--skip-validate` is written into the tag, and `flow verify release` says so"
        ),
        .init(
            "S52", "git tag -a v${VERSION} on main", .full,
            "`flow release` makes the annotated tag; the pre-push hook refuses moving a published tag"),
        .init("S53", "Zip is ONLY Built After a Git Tag", .full, "`flow build` builds only from a commit its annotated release tag names"),
        .init(
            "S54", "ALWAYS use demisto-sdk zip-packs; Lists workaround; rm build dir", .full,
            "`flow build` runs `demisto-sdk zip-packs` with the Lists workaround and removes its build directory"),
        .init("S55", "Output filename MUST include the version", .full, "`flow build` names the zip `<Pack>-<version>.zip`"),
        .init(
            "S56", "Marketplace \"Do NOT build zip\"", .full,
            "`flow verify release` (and so `flow build`) refuses a marketplace pack, saying the marketplace's CI builds the zip"),
        .init("S57", "Ask user where to store the zip", .full, "`flow build` needs `--zip-dir` or the survey's `zipDir`"),
        .init(
            "S58", "After EVERY zip build, ALWAYS ask", .partial,
            "`flow deploy` asks before uploading on a terminal; `flow build` itself asks nothing"),
        .init("S59", "ALWAYS use demisto-sdk upload", .full, "`flow deploy` uploads with `demisto-sdk upload`"),
        .init("S60", "create/test integration instance", .none, "needs a live XSOAR server, which the checks never use"),
        .init("S61", "Install Pack Dependencies", .none, "needs a live XSOAR server, which the checks never use"),
        .init(
            "S62", "Import order", .none,
            "ruff's `I` with an `xsoar` section (demistomock, CommonServerPython, CommonServerUserPython first) expresses it, but demisto-sdk's own init templates fail it (I001 in all six tried), so the shipped configuration leaves it out"
        ),
        .init("S63", "Use CommandResults with return_results()", .partial),
        .init("S64", "never print()", .full, "ruff T20 (`print`) in flow's shipped `Resources/lint/ruff.toml`, run by the lint action"),
        .init("S65", "return_error() in main", .full),
        .init(
            "S66", "Type hints on all functions", .none,
            "ruff's ANN rules flag the XSOAR runtime's own idioms, so the shipped configuration leaves them out; a repository may select them in its own ruff configuration"
        ),
        .init("S67", "Commands prefix-action-noun; context Vendor.Entity.Field", .partial),
        .init("S68", "Test files: <Name>_test.py", .full),
        .init(
            "S69", "Specified in YAML: script.dockerimage", .partial,
            "the validate action: DO100 to DO102 check the image's name, DO104 that one is named; that the image exists needs Docker Hub (left out). With `testsInImage: true` the tests run in the image, and a component without one stops the test action (exit 2)"
        ),
        .init(
            "S70", "XSOAR 8/XSIAM \"API Key + Key ID\"", .full,
            "`flow deploy` refuses xsoar8/xsiam without `XSIAM_AUTH_ID` before uploading"),
        .init("S71", "Pack directory: PascalCase", .full, "`flow init` and `flow create` refuse a name that is not"),
        .init(
            "S72", "Fork demisto/content ... Open PR ... Sign CLA", .partial,
            "the marketplace workflow's open-pr phase: the feature branch, the origin remote, a clean tree; the fork, the pull request and the CLA are on GitHub"
        ),
        .init("S73", "Must have at least one commit / origin remote", .full),
        .init(
            "S74", "API key: \"Check env: DEMISTO_API_KEY\" never stored", .full,
            "flow reads the key from the environment only; `flow init` says whether it is set, never its value, and nothing writes it"),
        .init("T1", "we require you to produce a Design Document", .unchecked, "a document for the reviewers, outside the repository"),
        .init(
            "T2", "only a single integration in each Content Pack", .none,
            "accepted packs of the content repository ship several integrations, so a refusal would be a false alarm"),
        .init(
            "T3", "incident fields \"prefixed accordingly\"", .none,
            "the prefix a vendor's fields take is not written down anywhere flow can read"),
        .init("T4", "Every integration also requires ... proxy ... insecure", .full),
        .init(
            "T5", "parameters/arguments should be named using snake_case", .none,
            "accepted packs name arguments in camelCase (demisto-sdk passes them); no check"),
        .init("T6", "parameter name must be: max_fetch default 10-20 max 50", .partial),
        .init("T7", "parameter name mist be: first_fetch", .full),
        .init(
            "T8", "feed params \"correctly defined in your integration yml\"", .full,
            "demisto-sdk's IN122 and the other feed-parameter checks in the validate action"),
        .init("T9", "Avoid sleep() at all costs", .full),
        .init("T10", "!vendor-action-object with kebab-case", .full),
        .init("T11", "Return data using a prefix ... outputs_key_field", .full),
        .init("T12", "no spaces or dots in the key names", .partial),
        .init(
            "T13", "We recommend 6.0 and above", .partial,
            "demisto-sdk's BA106 in the validate action asks only 5.0.0 (5.5.0 for feeds and PowerShell)"),
        .init("T14", "fetch: \"Custom Incident Type with ... Classifiers and Mappers\"", .full),
        .init("T15", "it's really important to document it properly", .partial, "how good the words are is a person's judgement"),
        .init("P1", "All Partners must provide support (contact info)", .full, "and demisto-sdk's PA113 in the validate action"),
        .init("P2", "Certification: \"full documentation\", \"best coding practices\"", .unchecked, "Palo Alto Networks' review"),
        .init("P3", "Only Palo Alto Networks may change a pack support model", .full),
        .init("P4", "Partner SLAs 1/2/4/8 h; PR review 2/5 days", .unchecked, "commitments between people"),
        .init("P5", "release notes of the pack will be updated on support change", .unchecked, "done by Palo Alto Networks"),
        .init("P6", "Contributor License Agreement", .unchecked, "signed on GitHub"),
    ]

    private static let byID: [String: LifecycleRuleEntry] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func rule(_ id: String) -> LifecycleRuleEntry? { byID[id] }
}
