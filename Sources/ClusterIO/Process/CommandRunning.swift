import Foundation

/// One run of an external program: an argv (never a shell string), optional standard input,
/// environment overrides on top of the caller's environment, and a time limit.
public struct Command: Sendable, Equatable {
    /// `arguments[0]` is the executable: a path, or a name looked up in `PATH`.
    public var arguments: [String]
    public var stdin: Data?
    /// Added to (or replacing) the caller's environment; the rest passes through, so
    /// `AWS_PROFILE`, `KUBECONFIG`, SSO caches and exec auth plugins keep working.
    public var environment: [String: String]
    /// Nil runs without a limit.
    public var timeout: Duration?

    public init(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], timeout: Duration? = .seconds(300)
    ) {
        self.arguments = arguments
        self.stdin = stdin
        self.environment = environment
        self.timeout = timeout
    }

    /// The argv as a user could retype it, for error messages. Values of arguments that
    /// follow a flag in `redacting` are replaced, so tokens and documents are never echoed.
    public func display(redacting secrets: Set<String> = []) -> String {
        var words: [String] = []
        var hideNext = false
        for argument in arguments {
            words.append(hideNext ? "<redacted>" : Self.quoted(argument))
            hideNext = secrets.contains(argument)
        }
        return words.joined(separator: " ")
    }

    private static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// What a finished program left behind. A non-zero exit is a result, not an error: the
/// adapters know which failures mean what.
public struct CommandResult: Sendable, Equatable {
    public var exitStatus: Int32
    public var stdout: Data
    public var stderr: Data

    public init(exitStatus: Int32, stdout: Data = Data(), stderr: Data = Data()) {
        self.exitStatus = exitStatus
        self.stdout = stdout
        self.stderr = stderr
    }

    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The one operation adapters need from the outside world, so they can be tested with a fake.
public protocol CommandRunning: Sendable {
    func run(_ command: Command) async throws(CommandError) -> CommandResult
}
