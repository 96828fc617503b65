import FlowGitTypes
import Foundation
import Yams

/// Yams builds its node tree recursively, so a few hundred thousand nested brackets overflow the
/// stack. Workflow and config files are shallow; anything nested deeper than this is refused
/// before parsing, with the line where the nesting went too deep.
enum YAMLDepthGuard {
    static let maximumDepth = 64

    /// nil when the text is shallow enough; else the line (1-based) and why.
    static func problem(in text: String) -> (line: Int, message: String)? {
        var line = 1
        var depth = 0
        var quote: Character?
        var inComment = false
        var atLineStart = true
        var indent = 0
        var dashes = 0
        for ch in text {
            if ch == "\n" {
                line += 1
                inComment = false
                atLineStart = true
                indent = 0
                dashes = 0
                if quote == "'" || quote == "\"" { continue }
                continue
            }
            if inComment { continue }
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            if atLineStart {
                if ch == " " {
                    indent += 1
                    continue
                }
                if ch == "-" || ch == "\t" {
                    dashes += 1
                    continue
                }
                atLineStart = false
                // Block nesting grows with indentation and with "- - -" on one line.
                if indent / 2 + dashes > maximumDepth * 4 {
                    return (line, "nesting deeper than \(maximumDepth * 4) levels")
                }
            }
            switch ch {
            case "#": inComment = true
            case "\"", "'": quote = ch
            case "[", "{":
                depth += 1
                if depth > maximumDepth { return (line, "nesting deeper than \(maximumDepth) levels of [ or {") }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}

/// Why a YAML text could not become a node tree, located where Yams (or the depth guard) says.
struct YAMLProblem: Error {
    enum Kind { case tooDeep, syntax, other }
    let kind: Kind
    let line: Int?
    let column: Int?
    let message: String
}

extension YAMLDepthGuard {
    /// The depth guard, then Yams' composer, with every failure as a located `YAMLProblem`: a file
    /// read this way can always name the line and column of a syntax error, and an empty document
    /// is nil rather than a decoder's "wrong type".
    /// `resolver`: how plain scalars are typed; `.basic` for readers that only take scalars'
    /// text (Yams' default resolver compiles seven regular expressions through ICU on first use).
    static func compose(_ text: String, resolver: Resolver = .default) throws(YAMLProblem) -> Node? {
        if let (line, message) = problem(in: text) {
            throw YAMLProblem(kind: .tooDeep, line: line, column: nil, message: message)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, resolver)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw YAMLProblem(kind: .syntax, line: mark.line, column: mark.column, message: problem)
            default:
                throw YAMLProblem(
                    kind: .other, line: nil, column: nil,
                    message: "\(error)".trimmingCharacters(in: .whitespacesAndNewlines))
            }
        } catch {
            throw YAMLProblem(kind: .other, line: nil, column: nil, message: "\(error)")
        }
        return root
    }
}

extension Node {
    /// The scalar as an integer where YAML reads it as one (Yams' resolver says int), else nil.
    /// Not Yams' `Node.int` alone: that reads any scalar with a colon as a base-60 number
    /// (`https://h:1/x` is 0) and multiplies its parts without an overflow check, which stopped
    /// flow with a trap on a workflow whose schema was `-11111111:::&1111:…` (libFuzzer).
    var checkedInt: Int? {
        guard let scalar else { return nil }
        if FastPath.enabled {
            if let value = YAMLInteger.plainDecimal(scalar.string) { return value }
            if YAMLInteger.cannotBeInteger(scalar.string) { return nil }
        }
        guard Resolver.default.resolveTag(of: self) == .int,
            !YAMLInteger.baseSixtyOverflows(scalar.string)
        else { return nil }
        return int
    }
}
