#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A SHA-1 object id held as bytes.
package struct ObjectID: Hashable, Sendable {
    private var bytes: (UInt64, UInt64, UInt32) = (0, 0, 0)

    package init(_ source: [UInt8], at offset: Int) {
        precondition(offset + 20 <= source.count)
        var copy: (UInt64, UInt64, UInt32) = (0, 0, 0)
        source.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &copy) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 20)])) }
        }
        bytes = copy
    }

    package init(_ source: UnsafeBufferPointer<UInt8>, at offset: Int) {
        precondition(offset + 20 <= source.count)
        withUnsafeMutableBytes(of: &bytes) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: source.baseAddress! + offset, count: 20))
        }
    }

    /// Only lowercase 40-digit ids, so that `hex` gives back exactly the text it came from.
    package init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var out = [UInt8](repeating: 0, count: 20)
        for i in 0..<40 {
            let c = digits[i]
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x61...0x66: v = c - 0x61 + 10
            default: return nil
            }
            out[i / 2] |= i % 2 == 0 ? v << 4 : v
        }
        self.init(out, at: 0)
    }

    package static func == (a: ObjectID, b: ObjectID) -> Bool {
        a.bytes.0 == b.bytes.0 && a.bytes.1 == b.bytes.1 && a.bytes.2 == b.bytes.2
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(bytes.2)
    }

    package var hex: String {
        withUnsafeBytes(of: bytes) { raw in ObjectID.hex(Array(raw), at: 0) }
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    package static func hex(_ b: [UInt8], at: Int) -> String {
        b.withUnsafeBufferPointer { hex($0, at: at) }
    }

    package static func hex(_ b: UnsafeBufferPointer<UInt8>, at: Int) -> String {
        String(unsafeUninitializedCapacity: 40) { out in
            for i in 0..<20 {
                out[2 * i] = digits[Int(b[at + i] >> 4)]
                out[2 * i + 1] = digits[Int(b[at + i] & 0x0f)]
            }
            return 40
        }
    }
}
