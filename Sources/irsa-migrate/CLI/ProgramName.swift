import Foundation

/// The command as the user typed it, so help and errors read back what to run:
/// `irsa-migrate`, or `kubectl irsa-migrate` when kubectl runs the binary as its plugin
/// `kubectl-irsa_migrate` (kubectl maps `-` in a plugin's command to `_` in its file name).
struct ProgramName: Equatable, Sendable {
    let display: String

    init(invokedAs path: String?) {
        let file = path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? ""
        if file.hasPrefix("kubectl-") {
            display = "kubectl " + file.dropFirst("kubectl-".count).replacingOccurrences(of: "_", with: "-")
        } else {
            display = "irsa-migrate"
        }
    }

    static let current = ProgramName(invokedAs: CommandLine.arguments.first)

    /// The text with every mention of the command renamed: `irsa-migrate` at the start of a line
    /// or after a space or quote, and followed by a space, colon or quote. File names such as
    /// `irsa-migrate.db` and references such as `serviceaccount/NS/irsa-migrate` stay as they are.
    func rename(_ text: String) -> String {
        guard display != "irsa-migrate" else { return text }
        return text.replacingOccurrences(
            of: #"(?m)(?<=^|[\s'])irsa-migrate(?=[\s:']|$)"#, with: display,
            options: [.regularExpression])
    }
}
