@testable import FlowGit
import Foundation
import FuzzSupport

@_cdecl("FuzzIndex_main")
public func fuzzIndexMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzIndex(inputBytes(data, size)) }
}

/// A damaged `.git/index` must make the reader refuse (nil: libgit2 answers instead), never trap,
/// over-allocate or read outside the file; whatever it accepts must answer every query the hook asks.
func fuzzIndex(_ bytes: [UInt8]) -> Int32 {
    guard let index = IndexFile.parse(bytes) else { return 0 }
    for (i, entry) in index.entries.enumerated() {
        let path = index.pathString(entry)
        _ = index.oidHex(entry)
        _ = index.objectID(entry)
        let key = Array(index.path(entry))
        if index.lowerBound(key) > index.entries.count || index.lowerBound(key, from: i, to: i) != i {
            fatalError("lowerBound outside the entries")
        }
        if let slash = path.lastIndex(of: "/") {
            let directory = String(path[..<slash])
            _ = index.cacheNode(for: directory)
            let range = index.range(under: Array((directory + "/").utf8))
            if range.lowerBound > range.upperBound || range.upperBound > index.entries.count {
                fatalError("range(under:) outside the entries")
            }
        }
    }
    return 0
}
