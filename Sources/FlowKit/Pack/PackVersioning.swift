import FlowCore
import Foundation
import Yams

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
            throw FlowError.invalid(
                "\(path): expected exactly one string \"currentVersion\" field, found \(matches.count)",
                hint: "fix \(path) so it has one \"currentVersion\": \"MAJOR.MINOR.PATCH\"")
        }
        guard SemVer(String(text[valueRange])) != nil else {
            throw FlowError.invalid(
                "\(path): currentVersion \"\(text[valueRange])\" is not MAJOR.MINOR.PATCH",
                hint: "set it to a version such as \"1.0.0\"")
        }
        var result = text
        result.replaceSubrange(valueRange, with: next.description)
        return result
    }

    /// The content types `demisto-sdk update-release-notes` writes headers for, in its order:
    /// directory, header, and the field holding an item's display name.
    static let contentTypes: [(directory: String, header: String, displayField: String)] = [
        ("Integrations", "Integrations", "display"), ("Scripts", "Scripts", "name"), ("Playbooks", "Playbooks", "name"),
        ("IncidentFields", "Incident Fields", "name"), ("IncidentTypes", "Incident Types", "name"),
        ("Layouts", "Layouts", "name"), ("Classifiers", "Classifiers", "name"), ("Widgets", "Widgets", "name"),
        ("Dashboards", "Dashboards", "name"),
    ]

    /// The release-notes stub for the next version, in the official format, with the
    /// placeholder the release-notes gate refuses until someone writes the notes. The header is
    /// the first content type the pack holds and the item's display name, as
    /// `demisto-sdk update-release-notes` writes them (`#### Scripts` / `##### My Script`).
    public static func releaseNotesStub(pack: String, files: FileReading, layout: PackLayout) -> String {
        for type in contentTypes {
            let dir = "\(layout.directory)/\(type.directory)"
            guard let names = files.list(dir)?.filter({ !$0.hasPrefix(".") }), let first = names.first else { continue }
            let display = displayName(of: "\(dir)/\(first)", field: type.displayField, files: files)
            return "\n#### \(type.header)\n\n##### \(display)\n\n- %%UPDATE_RN%%\n"
        }
        return "\n#### Integrations\n\n##### \(pack)\n\n- %%UPDATE_RN%%\n"
    }

    /// An item's display name from its YAML or JSON (`display` for integrations, `name`
    /// otherwise); the file or directory name when it has none.
    static func displayName(of path: String, field: String, files: FileReading) -> String {
        let item = (path as NSString).lastPathComponent
        var candidates: [String] = []
        if files.isDirectory(path) {
            let inside = files.list(path) ?? []
            candidates =
                inside.filter { $0 == "\(item).yml" } + inside.filter { $0.hasSuffix(".yml") && $0 != "\(item).yml" }
                + inside.filter { $0.hasSuffix(".json") }
            candidates = candidates.map { "\(path)/\($0)" }
        } else {
            candidates = [path]
        }
        for file in candidates {
            guard let bytes = files.read(file) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let object: Any?
            if file.hasSuffix(".json") {
                object = try? JSONSerialization.jsonObject(with: Data(bytes))
            } else {
                // A pack's YAML is input: the depth guard refuses what would exhaust Yams.
                object = YAMLDepthGuard.problem(in: text) == nil ? try? Yams.load(yaml: text) : nil
            }
            for key in [field, "name"] {
                if let value = (object as? [String: Any])?[key] as? String, !value.isEmpty { return value }
            }
        }
        let base = (item as NSString).deletingPathExtension
        return base.hasPrefix("playbook-") ? String(base.dropFirst("playbook-".count)) : base
    }
}
