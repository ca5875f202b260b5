import Foundation

/// Why a program could not be run to completion.
public enum CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The executable is not a file we can run, or no `PATH` entry has it.
    case notFound(executable: String)
    case launchFailed(command: String, reason: String)
    /// Killed after running longer than the limit.
    case timedOut(command: String, after: Duration)

    public var description: String {
        switch self {
        case .notFound(let executable):
            return "cannot run '\(executable)': not found in PATH or not executable; install it or pass its path"
        case .launchFailed(let command, let reason):
            return "cannot start '\(command)': \(reason)"
        case .timedOut(let command, let after):
            return
                "'\(command)' did not finish within \(Self.format(after)) and was stopped; check connectivity or raise the timeout"
        }
    }

    private static func format(_ duration: Duration) -> String {
        let milliseconds = duration / .milliseconds(1)
        return milliseconds < 1000 ? "\(Int(milliseconds)) ms" : "\(duration.components.seconds) s"
    }
}
