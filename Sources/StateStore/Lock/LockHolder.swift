import Foundation
import MigrationCore

/// Who holds a state file's lock, as written into the lock file for the next comer.
public struct LockHolder: Equatable, Sendable {
    public var pid: Int32
    /// e.g. `irsa-migrate apply`.
    public var command: String
    /// ISO 8601 time the holder started, from the caller's clock.
    public var since: String

    public init(pid: Int32 = getpid(), command: String, since: String) {
        self.pid = pid
        self.command = command
        self.since = since
    }

    var serialized: String {
        JSONValue.object([
            "pid": .int(Int(pid)), "command": .string(command), "since": .string(since),
        ]).serialized() + "\n"
    }

    /// The holder recorded in a lock file's text; nil when it is empty or unreadable (the
    /// holder may be between taking the lock and writing its name).
    init?(lockFileText text: String) {
        guard let value = try? JSONValue(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let pidText = value["pid"].flatMap({ if case .number(let n) = $0 { n } else { nil } }),
            let pid = Int32(pidText), let command = value["command"]?.stringValue,
            let since = value["since"]?.stringValue
        else { return nil }
        self.init(pid: pid, command: command, since: since)
    }
}

/// Why a state file's lock could not be taken.
public enum LockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process (or another open of the lock file) holds it; `holder` is nil when
    /// the lock file does not (yet) say who.
    case held(stateFile: String, holder: LockHolder?)
    case system(lockFile: String, operation: String, errno: Int32)
    /// The lock file was deleted or replaced while the lock was held.
    case lost(lockFile: String)

    public var description: String {
        switch self {
        case .held(let stateFile, let holder?):
            "state file \(stateFile) is locked by pid \(holder.pid) (\(oneLine(holder.command)), since \(oneLine(holder.since))); "
                + "wait for it to finish"
        case .held(let stateFile, nil):
            "state file \(stateFile) is locked by another process; wait for it to finish"
        case .system(let lockFile, let operation, let code):
            "cannot \(operation) lock file \(lockFile): \(String(cString: strerror(code)))"
        case .lost(let lockFile):
            "lock file \(lockFile) was deleted or replaced while this command ran, so another irsa-migrate may be "
                + "changing the same estate; it stopped before the next change: check 'irsa-migrate status', then run it again"
        }
    }

    /// The lock file is anyone's to write: what it says is shown on one line, escaped.
    private func oneLine(_ text: String) -> String {
        String(text.prefix(200)).unicodeScalars.map {
            $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0)
        }.joined()
    }
}
