import FlowCore
import Foundation

/// Writes a file so that a reader (or a crash) only ever sees the old or the new content:
/// temp file in the same directory, fsync, rename over.
public enum AtomicFile {
    /// `durable: false` skips the fsync, for caches: after a power loss such a file may be
    /// empty, which only means the cache is rebuilt (a reader never sees half of it otherwise).
    public static func write(_ data: Data, to path: String, durable: Bool = true) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temp = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FlowError.invalid("cannot write \(temp): \(String(cString: strerror(errno)))") }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        if durable { ok = ok && fsync(fd) == 0 }
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw FlowError.invalid("cannot write \(path): \(reason)")
        }
    }
}
