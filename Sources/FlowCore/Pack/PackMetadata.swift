import Foundation

/// What flow reads from `Packs/<Pack>/pack_metadata.json`. Other fields are left as they are.
public struct PackMetadata: Equatable, @unchecked Sendable {
    public static let requiredFields = ["name", "description", "support", "currentVersion", "author", "created", "categories"]

    public let fields: [String: Any]
    public let currentVersionText: String?

    public static func == (a: PackMetadata, b: PackMetadata) -> Bool {
        NSDictionary(dictionary: a.fields).isEqual(to: b.fields)
    }

    public var currentVersion: SemVer? { currentVersionText.flatMap(SemVer.init) }
    public var name: String? { fields["name"] as? String }

    /// Everything wrong with the file, each problem a line naming the field.
    public let problems: [String]

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case missing(String)
        case notJSON(String, String)
        case notObject(String)

        public var description: String {
            switch self {
            case .missing(let p): return "\(p) does not exist"
            case .notJSON(let p, let why): return "\(p) is not valid JSON: \(why)"
            case .notObject(let p): return "\(p) must hold a JSON object"
            }
        }
    }

    /// Parses the file's bytes; `path` only names the file in messages.
    public static func parse(_ bytes: [UInt8]?, path: String) -> Result<PackMetadata, ReadError> {
        guard let bytes else { return .failure(.missing(path)) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            let nsError = error as NSError
            let detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
            return .failure(.notJSON(path, detail))
        }
        guard let fields = object as? [String: Any] else { return .failure(.notObject(path)) }
        var problems: [String] = []
        for field in requiredFields where fields[field] == nil {
            problems.append("\(path): missing required field \"\(field)\"")
        }
        let versionText = fields["currentVersion"] as? String
        if fields["currentVersion"] != nil, versionText.flatMap(SemVer.init) == nil {
            problems.append("\(path): currentVersion \(fields["currentVersion"].map { "\($0)" } ?? "") is not MAJOR.MINOR.PATCH (e.g. 1.0.0)")
        }
        for field in ["name", "description", "author"] {
            if let text = fields[field] as? String, text.isEmpty || text.contains("FILL MANDATORY") {
                problems.append("\(path): field \"\(field)\" is not filled in")
            }
        }
        if let categories = fields["categories"], (categories as? [String])?.isEmpty != false {
            problems.append("\(path): \"categories\" must be a non-empty list of strings")
        }
        return .success(PackMetadata(fields: fields, currentVersionText: versionText, problems: problems))
    }
}
