/// `irsa-migrate completion bash|zsh|fish`: prints the shell's completion script.
struct CompletionCommand {
    var shell: CompletionShell

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.completion)
        let shells = Commands.completion.words.joined(separator: ", ")
        guard arguments.positionals.count == 1, let word = arguments.positionals.first else {
            throw UsageError("completion needs one shell: \(shells)", command: arguments.command)
        }
        guard let shell = CompletionShell(rawValue: word) else {
            throw UsageError("no completion for \(word); the shells are \(shells)", command: arguments.command)
        }
        self.shell = shell
    }

    func run() -> Int32 {
        Console.out(shell.script(for: Commands.all))
        return ExitCode.success
    }
}
