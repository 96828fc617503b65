import Foundation

/// Where a pack's files are, relative to the repository root.
public struct PackLayout: Equatable, Sendable {
    public let pack: String
    public let directory: String

    public init(pack: String, packsRoot: String = "Packs") {
        self.pack = pack
        self.directory = "\(packsRoot)/\(pack)"
    }

    public var metadata: String { "\(directory)/pack_metadata.json" }
    public var readme: String { "\(directory)/README.md" }
    public var releaseNotesDirectory: String { "\(directory)/ReleaseNotes" }
    public func releaseNotes(for version: SemVer) -> String { "\(releaseNotesDirectory)/\(version.releaseNotesName)" }

    /// Reads and checks pack_metadata.json through the given file reader.
    public func readMetadata(_ files: FileReading) -> Result<PackMetadata, PackMetadata.ReadError> {
        PackMetadata.parse(files.read(metadata), path: metadata)
    }
}
