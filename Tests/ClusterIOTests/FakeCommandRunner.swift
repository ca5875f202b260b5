import ClusterIO
import Foundation

/// Records every command and answers from a script, in order; the last answer repeats.
final class FakeCommandRunner: CommandRunning, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [CommandResult]
    private var recorded: [Command] = []

    init(_ answers: [CommandResult]) {
        self.answers = answers
    }

    convenience init(stdout: String = "", stderr: String = "", exitStatus: Int32 = 0) {
        self.init([CommandResult(exitStatus: exitStatus, stdout: Data(stdout.utf8), stderr: Data(stderr.utf8))])
    }

    var commands: [Command] {
        lock.withLock { recorded }
    }

    var argvs: [[String]] { commands.map(\.arguments) }

    func run(_ command: Command) async throws(CommandError) -> CommandResult {
        lock.withLock {
            recorded.append(command)
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
    }
}

extension CommandResult {
    static func failure(_ stderr: String, status: Int32 = 1) -> CommandResult {
        CommandResult(exitStatus: status, stderr: Data(stderr.utf8))
    }

    static func success(_ stdout: String = "") -> CommandResult {
        CommandResult(exitStatus: 0, stdout: Data(stdout.utf8))
    }
}
