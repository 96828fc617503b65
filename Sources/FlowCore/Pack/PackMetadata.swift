import Foundation

/// What flow reads from `Packs/<Pack>/pack_metadata.json`. Other fields are left as they are.
/// The checks follow demisto-sdk 1.39's metadata validators, each problem named by its code.
public struct PackMetadata: Equatable, @unchecked Sendable {
    /// PA107: the fields the SDK requires (`created` is not among them; `marketplaces` is).
    public static let requiredFields = [
        "name", "description", "support", "currentVersion", "author", "url", "categories",
        "tags", "useCases", "keywords", "marketplaces",
    ]
    /// PA111: lists that may be empty but must not hold an empty string.
    public static let filledLists = ["keywords", "tags", "categories", "useCases"]
    /// PA117.
    public static let supportOptions = ["xsoar", "partner", "developer", "community"]

    public let fields: [String: Any]
    public let currentVersionText: String?

    public static func == (a: PackMetadata, b: PackMetadata) -> Bool {
        JSONCanonical.same(a.fields, b.fields) && a.currentVersionText == b.currentVersionText
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
            problems.append(
                "\(path): PA130 currentVersion \(fields["currentVersion"].map { "\($0)" } ?? "") is not MAJOR.MINOR.PATCH (e.g. 1.0.0)")
        }
        if let name = fields["name"], (name as? String).map({ $0.trimmingWhitespace().isEmpty || $0.contains("FILL MANDATORY") }) != false {
            problems.append("\(path): PA108 field \"name\" is not filled in")
        }
        if let text = fields["description"],
            (text as? String).map({ $0.trimmingWhitespace().isEmpty || $0.contains("FILL MANDATORY") }) != false
        {
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
            ((fields["url"] as? String) ?? "").isEmpty, ((fields["email"] as? String) ?? "").isEmpty
        {
            problems.append("\(path): PA113 a \(support) pack needs a \"url\" or an \"email\"")
        }
        if let created = fields["created"], !((created as? String).map(isISOTimestamp) ?? false) {
            problems.append("\(path): PA115 \"created\" \(created) is not an ISO timestamp (e.g. 2026-01-01T00:00:00Z)")
        }
        return .success(PackMetadata(fields: fields, currentVersionText: versionText, problems: problems))
    }

    /// `2026-01-01T00:00:00Z`, with optional fractional seconds or a `+01:00` offset: an RFC 3339
    /// date-time, as the SDK writes `created` (its PA115 reads `%Y-%m-%dT%H:%M:%SZ`). Read by
    /// hand: ISO8601DateFormatter's first use loads ICU's calendar data (~3 ms of a commit), and
    /// it takes what no timestamp is (February 30, 24:00, an offset of +01:60, a leading space).
    static func isISOTimestamp(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for byte in b[from..<(from + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard b.count >= 20, let year = number(0, 4), b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D,
            let day = number(8, 2), b[10] == 0x54, let hour = number(11, 2), b[13] == 0x3A,
            let minute = number(14, 2), b[16] == 0x3A, let second = number(17, 2),
            (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        var at = 19
        if b[at] == 0x2E {  // fractional seconds: at least one digit
            at += 1
            let start = at
            while at < b.count, (0x30...0x39).contains(b[at]) { at += 1 }
            guard at > start else { return false }
        }
        guard at < b.count else { return false }
        if b[at] == 0x5A { return at + 1 == b.count }  // Z
        guard b[at] == 0x2B || b[at] == 0x2D, at + 6 == b.count, let offsetHours = number(at + 1, 2), b[at + 3] == 0x3A,
            let offsetMinutes = number(at + 4, 2)
        else { return false }
        return offsetHours < 24 && offsetMinutes < 60
    }
}
