import Crypto
import FlowCore
import FlowGit
import Foundation
import ZIPFoundation

public enum ZipCheck {
    public static func sha256(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError(.blocked, "\(path) cannot be read", hint: "build it again: flow build")
        }
        return Hex.string(SHA256.hash(data: data))
    }

    /// The currentVersion of the pack_metadata.json inside a zip (at its root or one level down).
    public static func packVersion(inZip path: String) throws -> String? {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw FlowError(.blocked, "\(path) is not a readable zip archive: \(error)", hint: "build it again: flow build")
        }
        guard
            let entry = archive.first(where: { entry in
                let parts = entry.path.split(separator: "/")
                return parts.last == "pack_metadata.json" && parts.count <= 2
            })
        else { return nil }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        switch PackMetadata.parse([UInt8](data), path: "\(path):\(entry.path)") {
        case .success(let metadata): return metadata.currentVersionText
        case .failure(let error): throw FlowError(.blocked, error.description, hint: "build it again: flow build")
        }
    }
}
