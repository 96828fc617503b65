import Crypto
import Foundation
import FuzzSupport

@testable import FlowGit

@_cdecl("FuzzIndex_main")
public func fuzzIndexMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzzIndex(inputBytes(data, size)) }
}

/// A damaged `.git/index` must make the reader refuse (nil: libgit2 answers instead), never trap,
/// over-allocate or read outside the file; whatever it accepts must answer every query the hook
/// asks, and answer it as libgit2 does wherever libgit2 accepts the same file.
func fuzzIndex(_ bytes: [UInt8]) -> Int32 {
    guard let index = IndexFile.parse(bytes) else { return 0 }
    var directories: Set<String> = [""]
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
            // A query names a directory in valid UTF-8 (a pack's): only such names are compared.
            if String(validatingUTF8: Array(index.path(entry)).map { CChar(bitPattern: $0) } + [0]) != nil {
                directories.insert(directory)
            }
            _ = index.cacheNode(for: directory)
            let range = index.range(under: Array((directory + "/").utf8))
            if range.lowerBound > range.upperBound || range.upperBound > index.entries.count {
                fatalError("range(under:) outside the entries")
            }
        }
    }
    checkAgreementWithLibgit2(bytes, directories: directories)
    return 0
}

/// A repository with no commit whose `.git/index` each input replaces.
let agreementRepository: String = {
    let dir = scratchDirectory(creating: "repo") + "/repo"
    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    git.arguments = ["init", "-q", dir]
    try? git.run()
    git.waitUntilExit()
    return dir
}()

/// libgit2 refuses an index whose trailing SHA-1 is wrong, which nearly every mutation breaks:
/// the input is written with its checksum made right, so both readers see the same entries.
func checkAgreementWithLibgit2(_ bytes: [UInt8], directories: Set<String>) {
    guard bytes.count >= 32 else { return }
    var file = Array(bytes.dropLast(20))
    file += Array(Insecure.SHA1.hash(data: file))
    // The fixed checksum must not change the reader's answer (it never reads it).
    guard IndexFile.parse(file) != nil else { fatalError("the reader's answer depends on the checksum") }
    let indexPath = agreementRepository + "/.git/index"
    guard FileManager.default.createFile(atPath: indexPath, contents: Data(file)) else { return }
    FastPath.enabled = false
    let general = try? Repository.discover(from: agreementRepository).indexEntries()
    FastPath.enabled = true
    guard let general else { return }  // libgit2 refuses the file: nothing to agree on
    guard let repository = try? Repository.discover(from: agreementRepository),
        let fast = repository.fastIndexEntries(under: nil)
    else {
        return  // the fast reader declined (a case-insensitive index, say): libgit2 answers alone
    }
    // libgit2 keeps only stage-0 entries and its own order; the fast reader must list the same.
    if fast.map(describe) != general.map(describe) {
        fatalError("index entries differ from libgit2's:\nfast:    \(fast.map(describe))\nlibgit2: \(general.map(describe))")
    }
    for directory in directories where !directory.isEmpty {
        let fastUnder = repository.fastIndexEntries(under: directory)?.map(describe)
        FastPath.enabled = false
        let generalUnder = (try? repository.libgit2IndexEntries(under: directory))?.map(describe)
        FastPath.enabled = true
        if fastUnder != generalUnder {
            fatalError("entries under \(directory) differ from libgit2's:\nfast:    \(fastUnder ?? [])\nlibgit2: \(generalUnder ?? [])")
        }
    }
}

func describe(_ entry: FileEntry) -> String { "\(entry.mode) \(entry.oid) \(entry.path)" }
