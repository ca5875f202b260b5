/// Help text made from the command declarations (`irsa-migrate COMMAND --help`).
enum HelpRenderer {
    /// The widest option column; longer synopses go on a line of their own.
    static let maxColumn = 24

    static func render(_ command: CommandSpec) -> String {
        let prefix = "Usage: irsa-migrate "
        var lines = command.usage.split(separator: "\n").enumerated().map { index, line in
            (index == 0 ? prefix : String(repeating: " ", count: prefix.count)) + line
        }
        lines += ["", command.description]
        // A synopsis longer than the column (a choice of many values) gets a line of its own.
        let width = min(command.options.map(\.synopsis.count).max() ?? 0, maxColumn) + 2
        let indent = "  " + String(repeating: " ", count: width)
        for section in command.sections where !section.options.isEmpty {
            lines += ["", section.title + ":"]
            for option in section.options {
                var help = option.helpLines
                if option.synopsis.count + 2 > width {
                    lines.append("  " + option.synopsis)
                } else {
                    lines.append("  " + option.synopsis.padded(to: width) + (help.first ?? ""))
                    help = Array(help.dropFirst())
                }
                lines += help.map { indent + $0 }
            }
        }
        if let footer = command.footer { lines += ["", footer] }
        return lines.joined(separator: "\n")
    }

    /// The main help: every command with its summary, and the options all of them take.
    static func main(_ commands: [CommandSpec]) -> String {
        let width = (commands.map(\.name.count).max() ?? 0) + 3
        let list = commands.map { "  " + $0.name.padded(to: width) + $0.summary }
        return
            ([
                "irsa-migrate: plan, review, apply and roll back moves to IAM Roles for Service Accounts.", "",
                "Usage: irsa-migrate COMMAND [options]", "", "Commands:",
            ] + list + [
                "", "Common options:", "  " + Options.state.synopsis.padded(to: width) + (Options.state.helpLines.first ?? ""),
                "  " + "--help".padded(to: width) + "help for any command",
                "  " + "--version".padded(to: width) + "the version, the commit it was built from and the build date", "",
                "Exit codes: 0 success, 1 failure, 2 changes planned (plan --detailed-exitcode), 64 usage error.",
            ]).joined(separator: "\n")
    }
}
