import Foundation

/// An exclusive, cross-process lock on a state file, so only one `apply` or `rollback`
/// runs against it at a time.
///
/// It is a `flock(LOCK_EX | LOCK_NB)` on the sidecar `STATE.lock`: the kernel drops it when
/// the holder exits, however it exits, so a crash never leaves a stale lock. The lock file
/// is never deleted (deleting it would let two processes lock two different files). The
/// state file itself, when it exists, is flocked too: a second process that finds the sidecar
/// deleted and makes a new one still meets that lock. (flock and SQLite's fcntl locks do not
/// interact on Linux.)
///
/// `@unchecked Sendable`: the descriptor is only read or closed while holding `mutex`.
public final class FileLock: @unchecked Sendable {
    public let stateFile: String
    public let lockFile: String
    private var descriptor: Int32?
    private var stateDescriptor: Int32?
    /// The lock file as locked: `checkHeld()` compares the path with it.
    private var identity: FileIdentity?
    private let mutex = NSLock()

    /// The lock file used for a state file: its path plus `.lock`.
    public static func lockFile(forStateFile stateFile: String) -> String { stateFile + ".lock" }

    /// Takes the lock now or fails at once with `LockError.held` naming the holder.
    public init(stateFile: String, holder: LockHolder) throws {
        self.stateFile = stateFile
        self.lockFile = Self.lockFile(forStateFile: stateFile)
        let descriptor = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LockError.system(lockFile: lockFile, operation: "open", errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let text = Self.readAll(descriptor)
            close(descriptor)
            guard code == EWOULDBLOCK else { throw LockError.system(lockFile: lockFile, operation: "lock", errno: code) }
            throw LockError.held(stateFile: stateFile, holder: LockHolder(lockFileText: text))
        }
        let state = open(stateFile, O_RDONLY | O_CLOEXEC)
        if state >= 0 && flock(state, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(state)
            close(descriptor)
            guard code == EWOULDBLOCK else { throw LockError.system(lockFile: stateFile, operation: "lock", errno: code) }
            throw LockError.held(stateFile: stateFile, holder: nil)
        }
        stateDescriptor = state >= 0 ? state : nil
        let bytes = Array(holder.serialized.utf8)
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, bytes, bytes.count, 0) == bytes.count else {
            let code = errno
            close(descriptor)
            if let stateDescriptor { close(stateDescriptor) }
            throw LockError.system(lockFile: lockFile, operation: "write", errno: code)
        }
        self.descriptor = descriptor
        identity = FileIdentity.of(descriptor: descriptor)
    }

    deinit {
        release()
    }

    /// Throws `LockError.lost` when the lock file was deleted or replaced since it was
    /// locked: the lock then guards nothing, and a second apply may already be running.
    public func checkHeld() throws {
        mutex.lock()
        defer { mutex.unlock() }
        guard descriptor != nil, let identity, FileIdentity.of(path: lockFile) == identity else {
            throw LockError.lost(lockFile: lockFile)
        }
    }

    /// Clears the holder's name and drops the lock; later calls do nothing.
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard let descriptor else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)
        self.descriptor = nil
        if let stateDescriptor { close(stateDescriptor) }
        stateDescriptor = nil
    }

    private static func readAll(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        var offset: off_t = 0
        while bytes.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
