import Foundation
import MigrationCore

/// Dispatches a command line to its command and turns errors into one-line messages.
enum CommandLineInterface {
    static func run(_ arguments: [String]) async -> Int32 {
        if let help = help(for: arguments) {
            Console.out(help + "\n")
            return ExitCode.success
        }
        do {
            return try await dispatch(arguments)
        } catch let error as UsageError {
            Console.err("irsa-migrate: \(error)")
            return ExitCode.usage
        } catch {
            Console.err("irsa-migrate: \(error)")
            return ExitCode.failure
        }
    }

    static func dispatch(_ arguments: [String]) async throws -> Int32 {
        let rest = Array(arguments.dropFirst())
        switch arguments.first {
        case "plan": return try await PlanCommand(rest).run()
        case "apply": return try await ApplyCommand(rest).run()
        case "verify": return try await ApplyCommand(rest, verifyOnly: true).run()
        case "rollback": return try await RollbackCommand(rest).run()
        case "status": return try StatusCommand(rest).run()
        case "report": return try ReportCommand(rest).run()
        case "snapshot": return try await SnapshotCommand(rest).run()
        case let other?: throw UsageError("unknown command \(other)", command: "")
        case nil: throw UsageError("no command given", command: "")
        }
    }

    /// The help text when the line asks for it (`--help` or `-h` anywhere, or `help CMD`).
    static func help(for arguments: [String]) -> String? {
        var words = arguments
        if words.first == "help" {
            words.removeFirst()
        } else if !arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
            return nil
        }
        words.removeAll { $0.hasPrefix("-") }
        switch (words.first, words.dropFirst().first) {
        case ("plan", "kiam-to-irsa"): return HelpText.planKiam
        case ("plan", "issuer-move"): return HelpText.planIssuerMove
        case ("apply", _): return HelpText.apply
        case ("verify", _): return HelpText.verify
        case ("rollback", _): return HelpText.rollback
        case ("status", _): return HelpText.status
        case ("report", _): return HelpText.report
        case ("snapshot", _): return HelpText.snapshot
        default: return HelpText.main
        }
    }
}
