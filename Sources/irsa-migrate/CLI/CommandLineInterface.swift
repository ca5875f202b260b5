import Foundation
import MigrationCore

/// Dispatches a command line to its command and turns errors into one-line messages.
enum CommandLineInterface {
    static func run(_ arguments: [String], as program: ProgramName = .current) async -> Int32 {
        if arguments == ["--version"] || arguments == ["version"] {
            Console.out(BuildInfo.line + "\n")
            return ExitCode.success
        }
        if let help = help(for: arguments) {
            Console.out(program.rename(help) + "\n")
            return ExitCode.success
        }
        do {
            return try await dispatch(arguments)
        } catch let error as UsageError {
            Console.err(program.rename("irsa-migrate: " + oneLine("\(error)")))
            return ExitCode.usage
        } catch {
            Console.err(program.rename("irsa-migrate: " + oneLine("\(error)")))
            return ExitCode.failure
        }
    }

    /// An error is one line, whatever text it quotes from a file or an argument: control
    /// characters are escaped, and a runaway message (a 10 MB annotation) is cut short.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count >= 2000 {
                result += "... (cut)"
                break
            }
            result += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return result
    }

    static func dispatch(_ arguments: [String]) async throws -> Int32 {
        try await parse(arguments).run()
    }

    /// The command a line names, parsed and validated but not run.
    static func parse(_ arguments: [String]) throws(UsageError) -> any RunnableCommand {
        let rest = Array(arguments.dropFirst())
        switch arguments.first {
        case "plan": return try PlanCommand(rest)
        case "apply": return try ApplyCommand(rest)
        case "verify": return try VerifyCommand(rest)
        case "rollback": return try RollbackCommand(rest)
        case "status": return try StatusCommand(rest)
        case "report": return try ReportCommand(rest)
        case "export": return try ExportCommand(rest)
        case "snapshot": return try SnapshotCommand(rest)
        case "audit": return try AuditCommand(rest)
        case "completion": return try CompletionCommand(rest)
        case let other?: throw UsageError("unknown command \(other)", command: "")
        case nil: throw UsageError("no command given", command: "")
        }
    }
}

/// A parsed command: `run` does the work and returns the exit code.
protocol RunnableCommand {
    func run() async throws -> Int32
}

extension PlanCommand: RunnableCommand {}
extension StatusCommand: RunnableCommand {}
extension ReportCommand: RunnableCommand {}
extension ExportCommand: RunnableCommand {}
extension SnapshotCommand: RunnableCommand {}
extension ApplyCommand: RunnableCommand {}
extension VerifyCommand: RunnableCommand {}
extension RollbackCommand: RunnableCommand {}
extension AuditCommand: RunnableCommand {}
extension CompletionCommand: RunnableCommand {}

extension CommandLineInterface {

    /// The help text when the line asks for it (`--help` or `-h` anywhere, or `help CMD`).
    static func help(for arguments: [String]) -> String? {
        var words = arguments
        if words.first == "help" {
            words.removeFirst()
        } else if !arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
            return nil
        }
        words.removeAll { $0.hasPrefix("-") }
        let named =
            Commands.all.first { $0.name == words.prefix(2).joined(separator: " ") }
            ?? Commands.all.first { $0.name == words.first }
        return named.map(HelpRenderer.render) ?? HelpRenderer.main(Commands.all)
    }
}
