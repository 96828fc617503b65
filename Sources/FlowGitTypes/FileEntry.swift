#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file as git records it: path from the work tree root, mode and blob id.
public struct FileEntry: Equatable, Sendable {
    /// The path from the work tree root. Entries listed by the fast index reader keep only a
    /// reference into the mapped index and make the string when asked, so listing 100,000
    /// entries does not allocate 100,000 strings up front.
    public var path: String {
        switch storedPath {
        case .text(let text): return text
        case .mapped(let store, let start, let count):
            return String(
                decoding: UnsafeBufferPointer(start: store.buffer.baseAddress! + Int(start), count: Int(count)),
                as: UTF8.self)
        }
    }
    private let storedPath: StoredPath
    public let mode: UInt32
    /// The blob id as 20 bytes when it is a canonical id, so listing 100,000 entries does not
    /// allocate 100,000 hex strings nobody reads; any other text is kept as given.
    private let id: StoredID

    private enum StoredPath: Sendable {
        case text(String)
        case mapped(ByteStore, start: UInt32, count: UInt32)
    }

    private enum StoredID: Equatable, Sendable {
        case raw(ObjectID)
        case text(String)
    }

    /// The 40-hex-digit blob id.
    public var oid: String {
        switch id {
        case .raw(let raw): return raw.hex
        case .text(let text): return text
        }
    }

    public init(path: String, mode: UInt32, oid: String) {
        storedPath = .text(path)
        self.mode = mode
        id = ObjectID(hex: oid).map(StoredID.raw) ?? .text(oid)
    }

    package init(path: String, mode: UInt32, id: ObjectID) {
        storedPath = .text(path)
        self.mode = mode
        self.id = .raw(id)
    }

    /// `path` is bytes `start..<start+count` of `store`.
    package init(store: ByteStore, pathStart: UInt32, pathCount: UInt32, mode: UInt32, id: ObjectID) {
        storedPath = .mapped(store, start: pathStart, count: pathCount)
        self.mode = mode
        self.id = .raw(id)
    }

    public static func == (a: FileEntry, b: FileEntry) -> Bool {
        guard a.mode == b.mode, a.samePath(as: b) else { return false }
        if case .raw(let x) = a.id, case .raw(let y) = b.id { return x == y }
        return a.oid == b.oid
    }
}

extension FileEntry {
    /// The path's UTF-8 bytes, without making a String when the entry points into the mapped
    /// index (a check over every tracked file then allocates nothing per file).
    public func withPathBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storedPath {
        case .mapped(let store, let start, let count):
            return try withExtendedLifetime(store) {
                try body(UnsafeBufferPointer(start: store.buffer.baseAddress! + Int(start), count: Int(count)))
            }
        case .text(var text):
            return try text.withUTF8(body)
        }
    }

    /// `predicate` of the path's bytes. Not generic, unlike `withPathBytes`, so a check over
    /// 100,000 entries from another module pays no unspecialised generic call per entry.
    public func pathBytesSatisfy(_ predicate: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        switch storedPath {
        case .mapped(let store, let start, let count):
            return withExtendedLifetime(store) {
                predicate(UnsafeBufferPointer(start: store.buffer.baseAddress! + Int(start), count: Int(count)))
            }
        case .text(var text):
            return text.withUTF8(predicate)
        }
    }

    /// Equal bytes are equal strings; anything else is compared as strings (canonical equivalence).
    fileprivate func samePath(as other: FileEntry) -> Bool {
        if case .mapped(let s1, let a1, let n1) = storedPath, case .mapped(let s2, let a2, let n2) = other.storedPath,
            n1 == n2, memcmp(s1.buffer.baseAddress! + Int(a1), s2.buffer.baseAddress! + Int(a2), Int(n1)) == 0
        {
            return true
        }
        return path == other.path
    }
}
