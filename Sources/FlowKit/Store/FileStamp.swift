import Foundation

/// Size and modification time of a file, for the keys of what flow caches: a file that changes
/// gets a new stamp without being read.
enum FileStamp {
    static func of(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "?" }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// flow's own binary, for the keys of what it caches (its shipped workflows and gates).
    static let binary = of("/proc/self/exe")
}
