import Foundation

/// What flow reads from `Packs/<Pack>/pack_metadata.json`. Other fields are left as they are.
/// The checks follow demisto-sdk 1.39's metadata validators, each problem named by its code.
public struct PackMetadata: Equatable, @unchecked Sendable {
    /// PA107: the fields the SDK requires (`created` is not among them; `marketplaces` is).
    public static let requiredFields = ["name", "description", "support", "currentVersion", "author", "url", "categories",
                                        "tags", "useCases", "keywords", "marketplaces"]
    /// PA111: lists that may be empty but must not hold an empty string.
    public static let filledLists = ["keywords", "tags", "categories", "useCases"]
    /// PA117.
    public static let supportOptions = ["xsoar", "partner", "developer", "community"]

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
            problems.append("\(path): PA107 missing required field \"\(field)\"")
        }
        let versionText = fields["currentVersion"] as? String
        if fields["currentVersion"] != nil, versionText.flatMap(SemVer.init) == nil {
            problems.append("\(path): PA130 currentVersion \(fields["currentVersion"].map { "\($0)" } ?? "") is not MAJOR.MINOR.PATCH (e.g. 1.0.0)")
        }
        if let name = fields["name"], (name as? String).map({ $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.contains("FILL MANDATORY") }) != false {
            problems.append("\(path): PA108 field \"name\" is not filled in")
        }
        if let text = fields["description"], (text as? String).map({ $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.contains("FILL MANDATORY") }) != false {
            problems.append("\(path): PA109 field \"description\" is not filled in")
        }
        if let text = fields["author"] as? String, text.isEmpty || text.contains("FILL MANDATORY") {
            problems.append("\(path): field \"author\" is not filled in")
        }
        if let support = fields["support"], !((support as? String).map(supportOptions.contains) ?? false) {
            problems.append("\(path): PA117 \"support\" is \(support), not one of \(supportOptions.joined(separator: ", "))")
        }
        if let categories = fields["categories"], (categories as? [String])?.isEmpty != false {
            problems.append("\(path): PA103 \"categories\" must be a non-empty list of strings")
        }
        let emptied = filledLists.filter { ((fields[$0] as? [String]) ?? []).contains("") }
        if !emptied.isEmpty {
            problems.append("\(path): PA111 empty string in " + emptied.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if let marketplaces = fields["marketplaces"], (marketplaces as? [String]) == nil {
            problems.append("\(path): PA107 \"marketplaces\" must be a list (e.g. [\"xsoar\", \"marketplacev2\"])")
        }
        if let support = fields["support"] as? String, support == "partner" || support == "developer",
           ((fields["url"] as? String) ?? "").isEmpty, ((fields["email"] as? String) ?? "").isEmpty {
            problems.append("\(path): PA113 a \(support) pack needs a \"url\" or an \"email\"")
        }
        if let created = fields["created"], !((created as? String).map(isISOTimestamp) ?? false) {
            problems.append("\(path): PA115 \"created\" \(created) is not an ISO timestamp (e.g. 2026-01-01T00:00:00Z)")
        }
        return .success(PackMetadata(fields: fields, currentVersionText: versionText, problems: problems))
    }

    /// `2026-01-01T00:00:00Z`, with optional fractional seconds, as the SDK writes `created`.
    static func isISOTimestamp(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }
}
