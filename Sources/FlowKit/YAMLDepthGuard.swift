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
                if ch == " " { indent += 1; continue }
                if ch == "-" || ch == "\t" { dashes += 1; continue }
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
