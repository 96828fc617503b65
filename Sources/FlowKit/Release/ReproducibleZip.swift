import FlowCore
import Foundation
import ZIPFoundation

/// Rewrites a zip so that the same content always gives the same bytes: entries in path order,
/// one fixed timestamp, fixed permissions, deflate. demisto-sdk zip-packs stamps each entry with
/// the file's modification time (a fresh checkout's), and writes the build time as `updated` in the
/// zip's metadata.json, so two builds of one tag differed; `updated` becomes the tagged commit's time.
public enum ReproducibleZip {
    /// 1980-01-01 12:00 in the local calendar: zip stores local DOS time, so this encodes the same
    /// whatever the time zone.
    static var fixedDate: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar.date(from: DateComponents(year: 1980, month: 1, day: 1, hour: 12)) ?? Date(timeIntervalSince1970: 315_576_000)
    }

    /// - Parameter updated: the time written as metadata.json's `updated` (the release commit's).
    public static func rewrite(_ source: String, to destination: String, updated: String? = nil) throws {
        let input: Archive
        let output: Archive
        do {
            input = try Archive(url: URL(fileURLWithPath: source), accessMode: .read)
            try? FileManager.default.removeItem(atPath: destination)
            output = try Archive(url: URL(fileURLWithPath: destination), accessMode: .create)
        } catch {
            throw FlowError(
                .blocked, "cannot rewrite \(source) in a fixed order: \(error)",
                hint: "look at what demisto-sdk zip-packs produced")
        }
        let date = fixedDate
        for entry in input.sorted(by: { $0.path < $1.path }) {
            if entry.type == .directory {
                try output.addEntry(
                    with: entry.path, type: .directory, uncompressedSize: Int64(0), modificationDate: date,
                    permissions: 0o755, provider: { _, _ in Data() })
                continue
            }
            var data = Data()
            _ = try input.extract(entry, skipCRC32: false) { data.append($0) }
            if let updated, (entry.path as NSString).lastPathComponent == "metadata.json" {
                data = Data(stamp(String(decoding: data, as: UTF8.self), updated: updated).utf8)
            }
            let bytes = data
            try output.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// Replaces the value of the top-level-looking `"updated": "…"` pair, keeping the formatting.
    static func stamp(_ json: String, updated: String) -> String {
        json.replacingOccurrences(
            of: #""updated"(\s*):(\s*)"[^"]*""#, with: "\"updated\"$1:$2\"\(updated)\"",
            options: .regularExpression)
    }
}
