import FlowCore
import Foundation

/// Runs programs from argv (no shell), stdin closed, output captured, stopped after a timeout.
public struct ProcessRunner: CommandRunning {
    /// Called with each chunk of output as it arrives (for live progress); nil to stay quiet.
    public var onOutput: (@Sendable (String) -> Void)?
    /// Text fed to the program's stdin, which is then closed (for tools that only take answers
    /// interactively, e.g. `demisto-sdk init`); nil leaves stdin closed from the start.
    public var input: String?

    public init(onOutput: (@Sendable (String) -> Void)? = nil, input: String? = nil) {
        self.onOutput = onOutput
        self.input = input
    }

    /// The absolute path of a program found on PATH (or the path itself when it has a slash).
    public static func locate(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for dir in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func run(
        _ argv: [String], in directory: String?, environment: [String: String],
        timeoutSeconds: Int
    ) -> CommandResult {
        guard let program = argv.first else { return CommandResult(outcome: .notStarted("empty command"), output: "") }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        guard let executable = ProcessRunner.locate(program, path: env["PATH"]) else {
            return CommandResult(outcome: .notStarted("\(program) is not installed or not on PATH"), output: "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        let collected = OutputBuffer()
        let onOutput = self.onOutput
        let finished = DispatchSemaphore(value: 0)
        // Set before run(): a fast program could otherwise exit before anyone listens.
        process.terminationHandler = { _ in finished.signal() }
        Interruption.shared.install()
        do {
            try ProcessLaunch.run(process)
        } catch {
            return CommandResult(outcome: .notStarted("\(program) could not start: \(error.localizedDescription)"), output: "")
        }
        Interruption.shared.started(process.processIdentifier, tool: program)
        if let inputPipe, let input {
            // A few lines of answers fit in the pipe buffer, so this write does not block.
            try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        // Drain the pipe on its own thread so a chatty program never blocks on a full pipe.
        let drained = DispatchSemaphore(value: 0)
        let reader = pipe.fileHandleForReading
        let thread = Thread {
            ProcessLaunch.readAll(reader) { chunk in
                collected.append(chunk)
                if let onOutput { onOutput(String(decoding: chunk, as: UTF8.self)) }
            }
            drained.signal()
        }
        thread.start()
        var timedOut = false
        if finished.wait(timeout: .now() + .seconds(max(1, timeoutSeconds))) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + .seconds(5)) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + .seconds(5))
            }
        }
        // A grandchild may keep the pipe open; do not wait for it forever.
        let drainedInTime = drained.wait(timeout: .now() + .seconds(timedOut ? 1 : 10)) == .success
        // Foundation's Process on Linux keeps its pipes alive after the run, so every run would
        // leak this descriptor; close it once the reader is done with it (never under the reader).
        if drainedInTime { try? reader.close() }
        if Interruption.shared.isInterrupted {
            // flow is stopping (Ctrl-C): the signal thread ends the process; the tool's result must
            // not be acted on (no evidence for an interrupted check), so this run goes no further.
            while true { sleep(60) }
        }
        Interruption.shared.finished(process.processIdentifier)
        let output = collected.text
        if timedOut { return CommandResult(outcome: .timedOut(seconds: timeoutSeconds), output: output) }
        return CommandResult(outcome: .exited(process.terminationStatus), output: output)
    }
}

/// Output gathered from a reader thread while the caller waits.
final class OutputBuffer: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
