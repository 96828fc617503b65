import Foundation

/// A read-only parse of git's index file (`.git/index`, versions 2, 3 and 4), for the hot queries
/// of a short-lived process. libgit2 1.5.1 verifies a SHA-1 over the whole file on every load
/// (about 125 ms at 100,000 files); git itself does not need to for a read. This reader skips the
/// checksum and keeps the cache-tree (`TREE`) extension, which records the tree id of every
/// directory whose content has not changed since the last `write-tree`/commit.
///
/// It refuses (returns nil, so callers use libgit2) anything it does not fully understand: an
/// unknown version, a required extension (split index `link`, sparse directories `sdir`, or
/// any other lowercase signature), conflict stages, intent-to-add entries, truncated data.
struct IndexFile {
    /// 16 bytes per entry: 100,000 entries stay well under the size of the file itself.
    struct Entry {
        /// Range of the path in `IndexFile.paths`.
        let pathStart: UInt32
        let pathCount: UInt32
        let mode: UInt32
        /// Offset of the 20-byte object id in `IndexFile.bytes`.
        let oidOffset: UInt32
    }

    /// One directory of the cache-tree. `entryCount` < 0 means invalidated (its id is stale).
    final class CacheTree {
        /// Short names stay inline in a String (no allocation), unlike an array.
        let name: String
        let entryCount: Int
        var oid: [UInt8]?
        var children: [CacheTree] = []

        init(name: String, entryCount: Int) {
            self.name = name
            self.entryCount = entryCount
        }

        private var byName: [String: CacheTree]?

        /// A directory can have thousands of subdirectories (Packs/): look up by name in a table.
        func child(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> CacheTree? {
            child(String(decoding: UnsafeBufferPointer(rebasing: name), as: UTF8.self))
        }

        func child(_ name: String) -> CacheTree? {
            if children.count < 8 { return children.first { $0.name == name } }
            if byName == nil {
                byName = Dictionary(children.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            }
            return byName?[name]
        }
    }

    /// The whole file (mapped, not copied).
    let store: ByteStore
    /// Where entry paths live: the file itself for versions 2 and 3, a buffer of expanded paths
    /// for version 4 (prefix-compressed on disk).
    let pathStore: ByteStore
    let entries: [Entry]
    let cacheTree: CacheTree?
    /// Some entry is marked assume-unchanged or skip-worktree: git then hides its work-tree
    /// content, so the hook must look at which (libgit2 lists them; the common case costs nothing).
    var hasHiddenEntries = false

    var bytes: UnsafeBufferPointer<UInt8> { store.buffer }
    var paths: UnsafeBufferPointer<UInt8> { pathStore.buffer }

    /// Valid while this `IndexFile` is alive.
    func path(_ e: Entry) -> Slice<UnsafeBufferPointer<UInt8>> { paths[Int(e.pathStart)..<Int(e.pathStart + e.pathCount)] }
    func pathString(_ e: Entry) -> String { String(decoding: UnsafeBufferPointer(rebasing: path(e)), as: UTF8.self) }
    func oidHex(_ e: Entry) -> String { ObjectID.hex(bytes, at: Int(e.oidOffset)) }
    func objectID(_ e: Entry) -> ObjectID { ObjectID(bytes, at: Int(e.oidOffset)) }

    /// Parses the file at `path`; nil when the file is missing or not understood.
    static func read(path: String) -> IndexFile? {
        guard let store = ByteStore(mapping: path) else { return nil }
        return parse(store)
    }

    static func parse(_ bytes: [UInt8]) -> IndexFile? {
        parse(ByteStore(copying: bytes))
    }

    private static func parse(_ store: ByteStore) -> IndexFile? {
        let b = store.buffer
        let hashSize = 20
        guard let base = b.baseAddress, b.count >= 12 + hashSize,
            b[0] == 0x44, b[1] == 0x49, b[2] == 0x52, b[3] == 0x43  // "DIRC"
        else { return nil }
        let version = be32(b, 4)
        guard version >= 2 && version <= 4, b.count < Int(UInt32.max) else { return nil }
        let count = Int(be32(b, 8))
        let end = b.count - hashSize
        // The count comes from the file: reserve only what the file can hold (an entry takes at
        // least 62 bytes), or a damaged header asks for gigabytes (libFuzzer found it).
        let possible = min(count, (end - 12) / 62)
        var entries: [Entry] = []
        entries.reserveCapacity(possible)
        var paths: [UInt8] = []
        if version == 4 { paths.reserveCapacity(possible * 64) }
        var previous: Range<Int> = 0..<0
        /// Offset of the NUL ending the string that starts at `at`, if within the entries.
        func nul(from at: Int) -> Int? {
            guard at < end, let p = memchr(base + at, 0, end - at) else { return nil }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
        /// git keeps entries sorted by path bytes, each path once (stage 0 only here); libgit2 reads
        /// a file that breaks this as it stands while the ranges below rely on it: refuse it (the
        /// fuzz target found an unsorted file answered differently).
        func follows(_ a: UnsafePointer<UInt8>, _ na: Int, _ b: UnsafePointer<UInt8>, _ nb: Int) -> Bool {
            let order = memcmp(a, b, min(na, nb))
            return order < 0 || (order == 0 && na < nb)
        }
        var at = 12
        var hidden = false
        for index in 0..<count {
            let start = at
            guard at + 62 <= end else { return nil }
            let mode = be32(b, at + 24)
            let oidOffset = at + 40
            let flags = Int(be16(b, at + 60))
            at += 62
            if flags & 0x3000 != 0 { return nil }  // a conflict stage: leave it to libgit2
            if flags & 0x8000 != 0 { hidden = true }  // assume-unchanged ("assume valid")
            if flags & 0x4000 != 0 {
                guard version >= 3, at + 2 <= end else { return nil }
                let extended = be16(b, at)
                if extended & 0x4000 != 0 { hidden = true }  // skip-worktree
                // Intent-to-add (0x2000) entries have odd diff semantics; unknown bits are not ours.
                if extended & ~UInt16(0x4000) != 0 { return nil }
                at += 2
            }
            var pathStart = paths.count
            if version == 4 {
                // Path compressed against the previous one: drop N bytes from its end, append suffix.
                guard at < end else { return nil }
                var c = Int(b[at])
                at += 1
                var strip = c & 0x7f
                while c & 0x80 != 0 {
                    // Checked at each step: the value only grows, so it never gets to overflow.
                    guard at < end, strip <= previous.count else { return nil }
                    c = Int(b[at])
                    at += 1
                    strip = ((strip + 1) << 7) | (c & 0x7f)
                }
                guard strip <= previous.count else { return nil }
                if previous.count - strip > 0 {
                    paths.append(contentsOf: paths[previous.lowerBound..<(previous.upperBound - strip)])
                }
                guard let stop = nul(from: at) else { return nil }
                paths.append(contentsOf: UnsafeBufferPointer(start: base + at, count: stop - at))
                at = stop + 1
                if index > 0 {
                    let sorted = paths.withUnsafeBufferPointer { p in
                        follows(
                            p.baseAddress! + previous.lowerBound, previous.count,
                            p.baseAddress! + pathStart, paths.count - pathStart)
                    }
                    guard sorted else { return nil }
                }
            } else {
                guard let stop = nul(from: at) else { return nil }
                if index > 0, !follows(base + previous.lowerBound, previous.count, base + at, stop - at) { return nil }
                pathStart = at
                previous = at..<stop
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                at = start + ((stop - start) / 8 + 1) * 8
                guard at <= end else { return nil }
            }
            if version == 4 { previous = pathStart..<paths.count }
            // The flags hold the path's length (0xFFF for longer ones), as git writes it. libgit2
            // steps to the next entry by that length and git reads the path by it, where this reader
            // goes by the NUL: a file where they differ is damaged, and read differently by each
            // (the fuzz target found one). Leave it to libgit2.
            guard flags & 0xFFF == min(previous.count, 0xFFF) else { return nil }
            entries.append(
                Entry(
                    pathStart: UInt32(pathStart), pathCount: UInt32(previous.count), mode: mode,
                    oidOffset: UInt32(oidOffset)))
        }
        var cacheTree: CacheTree?
        while at + 8 <= end {
            let signature = (b[at], b[at + 1], b[at + 2], b[at + 3])
            let size = Int(be32(b, at + 4))
            let body = (at + 8)..<(at + 8 + size)
            guard body.upperBound <= end else { return nil }
            if signature == (0x54, 0x52, 0x45, 0x45) {  // "TREE"
                var cursor = body.lowerBound
                guard let tree = parseCacheTree(b, &cursor, body.upperBound) else { return nil }
                cacheTree = tree
            } else if signature.0 >= 0x61 && signature.0 <= 0x7a {
                return nil  // a required extension (split index, sparse directories, …)
            }
            at = body.upperBound
        }
        guard at == end else { return nil }
        return IndexFile(
            store: store, pathStore: version == 4 ? ByteStore(copying: paths) : store,
            entries: entries, cacheTree: cacheTree, hasHiddenEntries: hidden)
    }

    private static func parseCacheTree(_ b: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> CacheTree? {
        guard let nul = b[at..<end].firstIndex(of: 0) else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: b[at..<nul]), as: UTF8.self)
        at = nul + 1
        guard let space = b[at..<end].firstIndex(of: 0x20), let count = decimal(b[at..<space]) else { return nil }
        at = space + 1
        guard let newline = b[at..<end].firstIndex(of: 0x0a), let subtrees = decimal(b[at..<newline]),
            subtrees >= 0
        else { return nil }
        at = newline + 1
        let node = CacheTree(name: name, entryCount: count)
        if count >= 0 {
            guard at + 20 <= end else { return nil }
            node.oid = Array(b[at..<(at + 20)])
            at += 20
        }
        for _ in 0..<subtrees {
            guard let child = parseCacheTree(b, &at, end) else { return nil }
            node.children.append(child)
        }
        return node
    }

    /// An ASCII decimal with an optional minus sign (cache-tree counts); nil if malformed.
    private static func decimal(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var value = 0, negative = false, seen = false
        for (k, c) in digits.enumerated() {
            if k == 0 && c == 0x2d {
                negative = true
                continue
            }
            guard c >= 0x30 && c <= 0x39, value < Int.max / 10 - 10 else { return nil }
            value = value * 10 + Int(c - 0x30)
            seen = true
        }
        return seen ? (negative ? -value : value) : nil
    }

    /// The cache-tree node of `directory` (no trailing slash; "" for the root).
    func cacheNode(for directory: String) -> CacheTree? {
        guard var node = cacheTree else { return nil }
        for part in directory.split(separator: "/") {
            guard let next = node.child(String(part)) else { return nil }
            node = next
        }
        return node
    }

    /// Index of the first entry whose path is not below `key` (binary search, paths sorted
    /// bytewise as git sorts them).
    func lowerBound(_ key: [UInt8], from: Int = 0, to: Int? = nil) -> Int {
        var lo = from, hi = to ?? entries.count
        let all = paths
        do {
            key.withUnsafeBufferPointer { k in
                while lo < hi {
                    let mid = (lo + hi) / 2
                    let e = entries[mid]
                    let n = min(Int(e.pathCount), k.count)
                    var order = n == 0 ? 0 : memcmp(all.baseAddress! + Int(e.pathStart), k.baseAddress!, n)
                    if order == 0 { order = Int32(Int(e.pathCount) - k.count).signum() }
                    if order < 0 { lo = mid + 1 } else { hi = mid }
                }
            }
        }
        return lo
    }

    /// True when entry `i`'s path starts with `prefix`.
    func hasPrefix(_ i: Int, _ prefix: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let e = entries[i]
        guard Int(e.pathCount) >= prefix.count else { return false }
        let p = UnsafeBufferPointer(rebasing: prefix)
        return p.isEmpty || memcmp(paths.baseAddress! + Int(e.pathStart), p.baseAddress!, p.count) == 0
    }

    /// The entries whose path starts with `dirPrefix` (which ends in "/"), as a range.
    func range(under dirPrefix: [UInt8], from: Int = 0, to: Int? = nil) -> Range<Int> {
        let upper = to ?? entries.count
        let lo = lowerBound(dirPrefix, from: from, to: upper)
        var hiKey = dirPrefix
        hiKey[hiKey.count - 1] = 0x30  // "/" + 1: just after every path in the directory
        let hi = lowerBound(hiKey, from: lo, to: upper)
        return lo..<hi
    }

    static func be32(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func be16(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt16 {
        UInt16(b[at]) << 8 | UInt16(b[at + 1])
    }

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func be16(_ b: [UInt8], _ at: Int) -> UInt16 {
        UInt16(b[at]) << 8 | UInt16(b[at + 1])
    }

}
