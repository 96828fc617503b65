#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one switch over flow's performance special cases. Each special case answers a question the
/// general path also answers (libgit2, Yams, JSONDecoder, ArgumentParser), faster, or returns nil
/// and lets the general path answer. Turning them off must never change an answer, only the time:
/// tests and the libFuzzer targets compare both.
///
/// The special cases, each behind this switch:
/// - `FlowGit/FastIndex/`: flow's own `.git/index` reader (no whole-file SHA-1), index entries
///   whose paths point into the mapped file, staged tree ids from the cache-tree, staged changes
///   by walking HEAD only where the cache-tree differs;
/// - `GitNoArtifactsGate.asciiIsArtifactName`: the artifact-name rule decided on ASCII bytes;
/// - `ConfigStore.parseFlat`: the flat `.flow/config.yml` that `flow init` writes, read without Yams;
/// - `EvidenceJSON.parse`: the evidence ledger flow writes, read without JSONDecoder;
/// - `FlowCommand.runHookDirectly`: `flow hook pre-commit` dispatched without ArgumentParser;
/// - `FlowCommand.runPlanDirectly`: `flow verify checks --plan` as CI asks for it, the same;
/// - `CommitPolicyCache.load`: the content gates' list kept in `.git/flow/content-gates`
///   (keyed by the workflow file and flow's binary) instead of parsing the workflow's YAML;
/// - `ContentReader`'s per-file cache of the Python checker's facts (`.git/flow/ast-cache/`,
///   keyed by the checker, the path and the bytes): python3 reads only content no run has seen;
/// - `ContentVerdicts`: a content-gate pass bound to the pack's tree id and what the gates look
///   at (merge-base, tags, configuration, flow's binary); the hook skips the gates for it.
/// - `Repository.prunedChangedPaths` (FlowGit): the paths two commits differ in, walking only the
///   subtrees whose ids differ, instead of libgit2's tree diff (GitTreeFilesTests compares them);
/// - `YAMLInteger.plainDecimal` and `cannotBeInteger`: a workflow scalar typed without Yams'
///   resolver and its regular expressions (CacheKeyTests compares them with the resolver);
/// - `libgit2Initialised` (FlowGit): libgit2's strict hash verification off, so objects are read
///   as git reads them (no SHA-1 of every tree and blob on each read);
/// One more is decided at link time, not here: the release binary skips libgit2's CA-bundle parse
/// at start-up (`FlowGit/CABundle.swift`, `scripts/build-release.sh`); no git query uses TLS.
///
/// `FLOW_FAST_PATHS=0` in the environment turns them all off for one run.
public enum FastPath {
    nonisolated(unsafe) public static var enabled: Bool = {
        guard let value = getenv("FLOW_FAST_PATHS") else { return true }
        return String(cString: value) != "0"
    }()
}
