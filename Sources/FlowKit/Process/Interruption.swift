import Foundation

/// The write end of the pipe the signal handler writes the signal number to (write(2) is all a
/// signal handler may safely do); a thread reads it and does the real work.
nonisolated(unsafe) private var interruptionPipe: [Int32] = [-1, -1]

/// Ctrl-C (SIGINT) or SIGTERM while flow runs a tool. Foundation's Process starts each tool in a
/// process group of its own, so the terminal's Ctrl-C reaches flow only, and a tool left alone
/// would keep running (and writing files) after flow is gone. flow forwards the signal to every
/// running tool's group, waits a short grace period, kills what is left, and exits 128+signal.
/// The run that was interrupted goes no further (ProcessRunner parks it), so nothing is recorded
/// for an interrupted check.
public final class Interruption: @unchecked Sendable {
    public static let shared = Interruption()
    /// How long a tool has to stop after the forwarded signal before it is killed.
    public static let graceSeconds = 2.0

    private let lock = NSLock()
    private var groups: [pid_t: String] = [:]
    private var signalled: Int32 = 0
    private var installed = false

    /// True once a SIGINT or SIGTERM arrived: the caller must not act on the tool's result.
    public var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return signalled != 0
    }

    /// Tracks a started tool (its pid leads its process group) and makes sure the handlers are in.
    func started(_ pid: pid_t, tool: String) {
        lock.lock()
        groups[pid] = tool
        lock.unlock()
    }

    func finished(_ pid: pid_t) {
        lock.lock()
        groups[pid] = nil
        lock.unlock()
    }

    /// Called before a tool starts. A handler (not SIG_IGN), so that the tools flow starts get the
    /// default disposition back at exec.
    func install() {
        lock.lock()
        defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        guard pipe(&interruptionPipe) == 0 else { return }
        let handler: @convention(c) (Int32) -> Void = { sig in
            var byte = UInt8(truncatingIfNeeded: sig)
            _ = write(interruptionPipe[1], &byte, 1)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started flow with these blocked (the mask survives exec): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        let reader = interruptionPipe[0]
        Thread { [self] in
            var byte: UInt8 = 0
            while true {
                let n = read(reader, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                stop(Int32(byte))
            }
        }.start()
    }

    /// Forwards the signal, waits, kills, says what happened, exits.
    private func stop(_ sig: Int32) {
        lock.lock()
        signalled = sig
        let running = groups
        lock.unlock()
        for pid in running.keys { Self.signalGroup(pid, sig) }
        let deadline = Date().addingTimeInterval(Self.graceSeconds)
        var alive = running.keys.filter(Self.groupAlive)
        while !alive.isEmpty && Date() < deadline {
            usleep(50_000)
            alive = alive.filter(Self.groupAlive)
        }
        for pid in alive { Self.signalGroup(pid, SIGKILL) }
        if !running.isEmpty {
            let tools = running.values.sorted().joined(separator: ", ")
            let how = alive.isEmpty ? "stopped" : "killed after \(Int(Self.graceSeconds)) s"
            let text = "flow: interrupted: \(tools) \(how); nothing was recorded for the interrupted check\n"
            FileHandle.standardError.write(Data(text.utf8))
        }
        fflush(nil)  // every open stream, stdout among them
        _exit(128 + sig)
    }

    /// The tool's whole group (it leads one under Foundation's Process, and the group outlives
    /// the tool while a child of it runs), else the tool alone.
    private static func signalGroup(_ pid: pid_t, _ sig: Int32) {
        if kill(-pid, sig) != 0 { kill(pid, sig) }
    }

    /// Whether a process of the group still runs. A zombie does not count: once its parent
    /// (flow, or a tool flow killed) is gone, only init can reap it, and it runs nothing.
    static func groupAlive(_ group: pid_t) -> Bool {
        guard kill(-group, 0) == 0 || kill(group, 0) == 0 else { return false }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        return entries.contains { name in
            guard Int32(name) != nil,
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm)": state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == group && fields[0] != "Z"
        }
    }
}
