/// A usage error: exit code 64, the message, and a pointer to the help.
struct UsageError: Error, Equatable, CustomStringConvertible {
    var message: String
    var command: String

    init(_ message: String, command: String) {
        self.message = message
        self.command = command
    }

    var description: String {
        "\(message). See 'irsa-migrate \(command.isEmpty ? "" : command + " ")--help'."
    }
}
