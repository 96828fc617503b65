import FlowCore
import FlowGit
import Foundation

/// Writes progress to stderr. On a TTY a ticker rewrites `phase tool [pack] 12s` every second.
public final class StandardErrorProgress: ActionProgress, @unchecked Sendable {
    private let tty: Bool
    private let lock = NSLock()
    private var generation = 0
    private var running = false

    public init(tty: Bool = isatty(STDERR_FILENO) == 1) { self.tty = tty }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    public func started(phase: String, tool: String, pack: String?) {
        let label = "\(phase): \(tool)\(pack.map { " [\($0)]" } ?? "")"
        guard tty else {
            write("flow: \(label) running…\n")
            return
        }
        lock.lock()
        generation += 1
        running = true
        let mine = generation
        lock.unlock()
        let start = Date()
        let thread = Thread { [weak self] in
            while let self {
                self.lock.lock()
                let live = self.running && self.generation == mine
                if live { self.write("\r\u{1B}[K\(label) \(Int(Date().timeIntervalSince(start)))s") }
                self.lock.unlock()
                if !live { return }
                Thread.sleep(forTimeInterval: 1)
            }
        }
        thread.start()
    }

    public func finished() {
        guard tty else { return }
        lock.lock()
        running = false
        write("\r\u{1B}[K")
        lock.unlock()
    }
}
