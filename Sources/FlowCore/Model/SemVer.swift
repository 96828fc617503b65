/// A `MAJOR.MINOR.PATCH` version as pack_metadata.json's currentVersion requires (no pre-release).
public struct SemVer: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// nil unless the text is exactly three dot-separated numbers without leading zeros.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let n = Int(part)
            else { return nil }
            numbers.append(n)
        }
        self.init(numbers[0], numbers[1], numbers[2])
    }

    public enum Part: String, Sendable, CaseIterable { case patch, minor, major }

    public func bumped(_ part: Part) -> SemVer {
        switch part {
        case .patch: return SemVer(major, minor, patch + 1)
        case .minor: return SemVer(major, minor + 1, 0)
        case .major: return SemVer(major + 1, 0, 0)
        }
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    /// The release-notes file name for this version: `1_0_1.md`.
    public var releaseNotesName: String { "\(major)_\(minor)_\(patch).md" }

    public static func < (a: SemVer, b: SemVer) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }
}
