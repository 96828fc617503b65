import Foundation

/// Two workarounds for Foundation's Process on Linux, used by every launch in flow and its tests.
public enum ProcessLaunch {
    private static let lock = NSLock()

    /// `Process.run()` crashed inside Foundation (a memcpy in run()) while several threads
    /// launched programs at once; launches take turns. Only the launch is serialised, not the run.
    public static func run(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        try process.run()
    }

    /// Reads a pipe to its end. Foundation's own readers trap when a signal (SIGCHLD of another
    /// child, say) interrupts read(2); this one retries.
    public static func readAll(_ handle: FileHandle, onChunk: (Data) -> Void) {
        let fd = handle.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            onChunk(Data(buffer[0..<count]))
        }
    }

    /// The whole content of a pipe.
    public static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        readAll(handle) { data.append($0) }
        return data
    }
}
