import Crypto
import FlowCore
import FlowGit
import Foundation
import ZIPFoundation

/// Written beside each zip: what was built, from which commit, and the zip's checksum.
public struct BuildManifest: Codable, Equatable, Sendable {
    public let pack: String
    public let version: String
    public let tag: String
    public let commit: String
    public let zip: String
    public let sha256: String
    public let demistoSdkVersion: String
    /// True when the zip was rewritten in a fixed order with fixed timestamps (the same tag gives
    /// the same bytes); absent in manifests of older flow versions.
    public let reproducible: Bool?
    /// Set only when `flow build --force` replaced a zip of the same version with different bytes.
    public let replacedSHA256: String?

    public init(
        pack: String, version: String, tag: String, commit: String, zip: String, sha256: String,
        demistoSdkVersion: String, reproducible: Bool? = nil, replacedSHA256: String? = nil
    ) {
        self.pack = pack
        self.version = version
        self.tag = tag
        self.commit = commit
        self.zip = zip
        self.sha256 = sha256
        self.demistoSdkVersion = demistoSdkVersion
        self.reproducible = reproducible
        self.replacedSHA256 = replacedSHA256
    }
}
