import FlowCore
import Foundation

/// What `flow fix` did for one pack and check.
public struct FixReport: Codable, Equatable, Sendable {
    public let check: String
    public let pack: String
    /// Each command as it ran, in order.
    public let ran: [String]
    /// The command that failed and what it said; nil when every command succeeded.
    public let failure: String?
}

extension ActionRunner {
    public static let lintFileToken = "{lintFile}"
    public static let lineRangeToken = "{lineRange}"

    /// Runs the action's `fix:` commands on the scope its check judges: the Python files the change
    /// touched; with `findings: changed-lines` in a pack already on main, only their changed lines.
    /// A command with `{lintFile}` runs once per file and changed range (bottom first, so the
    /// ranges above keep their line numbers), `{lineRange}` being `START-END` (ruff format
    /// --range), or `1` (the whole file) in a new pack or a new file.
    public func fix(_ action: PhaseAction, pack: String) throws -> FixReport {
        let check = action.check ?? "check"
        let root = project.root
        let packDir = "\(project.config.packsRoot)/\(pack)"
        let targets = try lintTargets(packDir: packDir)
        let files = targets.flatMap { target -> [String] in
            target == packDir ? pythonFiles(under: packDir) : [target]
        }
        let scope =
            action.findings == .changedLines ? try ChangedLineScope.make(project: project, since: changeBaseSpec, packDir: packDir) : nil
        var ran: [String] = []
        for substituted in substitute(action.fix, pack: pack, packDir: packDir) {
            var argvs: [[String]] = []
            if substituted.contains(where: { $0.contains(Self.lintFileToken) }) {
                for file in files {
                    let ranges: [String]
                    if let lines = scope?.lines(file) {
                        ranges = ToolFindings.ranges(lines).map { "\($0.lowerBound)-\($0.upperBound + 1)" }
                    } else {
                        ranges = ["1"]
                    }
                    for range in ranges {
                        argvs.append(
                            substituted.map {
                                $0.replacingOccurrences(of: Self.lintFileToken, with: file).replacingOccurrences(
                                    of: Self.lineRangeToken, with: range)
                            })
                    }
                }
            } else if let expanded = try expandTokens(substituted, packDir: packDir) {
                argvs.append(expanded)
            }
            for argv in argvs {
                let shown = argv.joined(separator: " ")
                ran.append(shown)
                let result = runner.run(argv, in: root, environment: [:], timeoutSeconds: action.timeoutSeconds)
                project.workTree.invalidate()  // the formatter rewrote files
                switch result.outcome {
                case .exited(0): continue
                case .notStarted(let why):
                    throw FlowError(
                        .toolMissing, "\(check) fix [\(pack)]: \(why)",
                        hint: Self.installHint(PhaseAction.toolArgv(argv).joined(separator: " ")))
                case .exited(let code):
                    return FixReport(
                        check: check, pack: pack, ran: ran, failure: "`\(shown)` exited with \(code):\n\(Self.tail(result.output))")
                case .timedOut(let seconds):
                    return FixReport(check: check, pack: pack, ran: ran, failure: "`\(shown)` did not finish within \(seconds)s")
                }
            }
        }
        return FixReport(check: check, pack: pack, ran: ran, failure: nil)
    }

    /// The pack's `.py` files, root-relative and sorted (FLOW_LINT_ALL=1, or no main to compare with).
    func pythonFiles(under packDir: String) -> [String] {
        let base = project.root + "/" + packDir
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".py"), !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                files.append(packDir + "/" + path)
            }
        }
        return files.sorted()
    }
}
