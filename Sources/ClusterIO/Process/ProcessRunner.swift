import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs external programs with `Foundation.Process`, safely many at once.
///
/// Both output pipes are drained on their own threads while the child runs (a child that
/// fills a 64 KB stderr pipe would otherwise block forever), and completion arrives through
/// `terminationHandler` rather than `waitUntilExit()`, which stalled about a second per call
/// when several ran in parallel. Blocking reads run on dedicated threads, never on the
/// cooperative pool, which has only as many threads as cores.
///
/// Output is complete when both pipes reach end of file, so a background helper that a
/// child leaves running with our pipes open delays the result until it exits; kubectl and
/// aws (and their credential plugins) do not do that, and a timeout still ends the wait.
public struct ProcessRunner: CommandRunning {
    /// How long a timed-out child gets between SIGTERM and SIGKILL.
    public var killGracePeriod: Duration

    public init(killGracePeriod: Duration = .seconds(3)) {
        self.killGracePeriod = killGracePeriod
    }

    public func run(_ command: Command) async throws(CommandError) -> CommandResult {
        guard let executable = command.arguments.first, !executable.isEmpty else {
            throw .launchFailed(command: "", reason: "empty command")
        }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(command.environment) { _, override in override }
        guard let url = Self.resolve(executable, searchPath: environment["PATH"]) else {
            throw .notFound(executable: executable)
        }
        SignalSetup.ignoreBrokenPipes()

        let process = Process()
        process.executableURL = url
        process.arguments = Array(command.arguments.dropFirst())
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = command.stdin.map { _ in Pipe() }
        process.standardOutput = stdout
        process.standardError = stderr
        // The child must not read our terminal: kubectl or an SSO helper could wait for input.
        process.standardInput = stdin ?? FileHandle.nullDevice
        let monitor = ExitMonitor()
        process.terminationHandler = { finished in
            let signalled = finished.terminationReason == .uncaughtSignal
            monitor.exited(status: signalled ? 128 + finished.terminationStatus : finished.terminationStatus)
        }
        do {
            try process.run()
        } catch {
            throw .launchFailed(command: command.display(), reason: "\(error)")
        }
        if let stdin, let data = command.stdin { Self.write(data, to: stdin.fileHandleForWriting) }
        async let output = Self.readToEnd(stdout.fileHandleForReading)
        async let errors = Self.readToEnd(stderr.fileHandleForReading)
        if let timeout = command.timeout {
            Self.scheduleKill(pid: process.processIdentifier, after: timeout, grace: killGracePeriod, monitor: monitor)
        }
        let status = await monitor.wait()
        let result = CommandResult(exitStatus: status, stdout: await output, stderr: await errors)
        if monitor.timedOut, let timeout = command.timeout {
            throw .timedOut(command: command.display(), after: timeout)
        }
        return result
    }

    /// A path containing `/` is used as given; a bare name is looked up in `PATH` like a shell would.
    static func resolve(_ executable: String, searchPath: String?) -> URL? {
        let files = FileManager.default
        if executable.contains("/") {
            return files.isExecutableFile(atPath: executable) ? URL(fileURLWithPath: executable) : nil
        }
        for directory in (searchPath ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/" + executable
            var isDirectory: ObjCBool = false
            if files.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                files.isExecutableFile(atPath: candidate)
            {
                return URL(fileURLWithPath: candidate)
            }
        }
        return nil
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let data = (try? handle.readToEnd()) ?? Data()
                continuation.resume(returning: data)
            }
            thread.start()
        }
    }

    /// Feeds stdin from its own thread so a child that writes before it reads cannot
    /// deadlock us; a child that exits early just ends the write (SIGPIPE is ignored).
    private static func write(_ data: Data, to handle: FileHandle) {
        Thread {
            try? handle.write(contentsOf: data)
            try? handle.close()
        }.start()
    }

    /// SIGTERM after the limit, SIGKILL after the grace period. The process group is
    /// signalled too when the child leads its own, so helpers it started cannot keep our
    /// pipes open.
    private static func scheduleKill(pid: Int32, after timeout: Duration, grace: Duration, monitor: ExitMonitor) {
        let queue = DispatchQueue.global()
        queue.asyncAfter(deadline: .now() + timeout.timeInterval) {
            guard monitor.markTimedOutIfRunning() else { return }
            signal(pid: pid, SIGTERM)
            queue.asyncAfter(deadline: .now() + grace.timeInterval) {
                if monitor.isRunning { signal(pid: pid, SIGKILL) }
            }
        }
    }

    private static func signal(pid: Int32, _ number: Int32) {
        if getpgid(pid) == pid, pid != getpgrp() { _ = kill(-pid, number) }
        _ = kill(pid, number)
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
