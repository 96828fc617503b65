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

    public init(pack: String, version: String, tag: String, commit: String, zip: String, sha256: String,
                demistoSdkVersion: String) {
        self.pack = pack
        self.version = version
        self.tag = tag
        self.commit = commit
        self.zip = zip
        self.sha256 = sha256
        self.demistoSdkVersion = demistoSdkVersion
    }
}
