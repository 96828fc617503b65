import FlowCore
import Foundation

/// Changes a pack's currentVersion without disturbing the rest of pack_metadata.json: only the
/// value's characters are replaced, so key order, 4-space indentation and every other byte stay
/// as demisto-sdk wrote them.
public enum PackVersioning {
    /// The file's text with currentVersion replaced by `next`. Refuses (exit 2, naming the file)
    /// when the file has no single string currentVersion or its value is not semver.
    public static func bump(_ text: String, to next: SemVer, path: String) throws -> String {
        let pattern = #""currentVersion"\s*:\s*"([^"\\]*)""#
        let regex = try NSRegularExpression(pattern: pattern)
        let whole = NSRange(text.startIndex..., in: text)
        let matches = regex.matches(in: text, range: whole)
        guard matches.count == 1, let valueRange = Range(matches[0].range(at: 1), in: text) else {
            throw FlowError.invalid("\(path): expected exactly one string \"currentVersion\" field, found \(matches.count)",
                                    hint: "fix \(path) so it has one \"currentVersion\": \"MAJOR.MINOR.PATCH\"")
        }
        guard SemVer(String(text[valueRange])) != nil else {
            throw FlowError.invalid("\(path): currentVersion \"\(text[valueRange])\" is not MAJOR.MINOR.PATCH",
                                    hint: "set it to a version such as \"1.0.0\"")
        }
        var result = text
        result.replaceSubrange(valueRange, with: next.description)
        return result
    }

    /// The release-notes stub for the next version, in the official format, with the
    /// placeholder the release-notes gate refuses until someone writes the notes.
    public static func releaseNotesStub(pack: String, files: FileReading, layout: PackLayout) -> String {
        let sections = ["Integrations", "Scripts", "Playbooks"]
        let section = sections.first { files.isDirectory("\(layout.directory)/\($0)") } ?? "Integrations"
        let item = files.list("\(layout.directory)/\(section)")?.first { !$0.hasPrefix(".") } ?? pack
        return "\n#### \(section)\n\n##### \(item)\n\n- %%UPDATE_RN%%\n"
    }
}
