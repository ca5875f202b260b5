import Foundation

/// A one-shot latch between `Process.terminationHandler` (called on a Foundation thread)
/// and the task awaiting the exit status, plus the timeout flag.
///
/// `@unchecked Sendable` because every field is guarded by `lock`; an actor would need an
/// extra hop from the non-async termination handler.
final class ExitMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int32?
    private var waiter: CheckedContinuation<Int32, Never>?
    private var didTimeOut = false

    func exited(status: Int32) {
        lock.lock()
        self.status = status
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(returning: status)
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let status {
                lock.unlock()
                continuation.resume(returning: status)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }

    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return status == nil
    }

    var timedOut: Bool {
        lock.lock()
        defer { lock.unlock() }
        return didTimeOut
    }

    /// Records the timeout only if the child is still running, so a child that finished
    /// just in time is not reported as killed.
    func markTimedOutIfRunning() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard status == nil else { return false }
        didTimeOut = true
        return true
    }
}

/// Writing to a pipe whose reader has exited raises SIGPIPE, which would kill the whole
/// tool; ignoring it turns that into an EPIPE error on the write, which we tolerate.
enum SignalSetup {
    private static let ignored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    static func ignoreBrokenPipes() {
        _ = ignored
    }
}
