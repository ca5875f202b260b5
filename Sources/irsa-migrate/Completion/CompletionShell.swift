/// The shells `irsa-migrate completion` writes a script for. Every script is made from the
/// command declarations (`Commands.all`), the same table the parser and the help read.
enum CompletionShell: String, CaseIterable {
    case bash, zsh, fish

    func script(for commands: [CommandSpec]) -> String {
        let tree = CommandTree(commands)
        switch self {
        case .bash: return BashCompletion(tree: tree).script
        case .zsh: return ZshCompletion(tree: tree).script
        case .fish: return FishCompletion(tree: tree).script
        }
    }
}

/// The commands grouped by their first word: `plan` has the kinds `kiam-to-irsa` and
/// `issuer-move` under it; every other command stands alone.
struct CommandTree {
    struct Group {
        var word: String
        var summary: String
        /// The command itself, or nil when the word only leads to kinds (`plan`).
        var command: CommandSpec?
        /// `(kind word, command)` for a word with kinds.
        var kinds: [(word: String, command: CommandSpec)]
    }

    var groups: [Group] = []

    init(_ commands: [CommandSpec]) {
        for command in commands {
            let words = command.name.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            let index =
                groups.firstIndex { $0.word == first }
                ?? {
                    groups.append(Group(word: first, summary: "", command: nil, kinds: []))
                    return groups.count - 1
                }()
            if words.count > 1 {
                groups[index].kinds.append((words[1], command))
                groups[index].summary = "\(first) a move: " + groups[index].kinds.map(\.word).joined(separator: ", ")
            } else {
                groups[index].command = command
                groups[index].summary = command.summary
            }
        }
    }

    /// Every command with the words that name it.
    var commands: [(words: [String], command: CommandSpec)] {
        groups.flatMap { group in
            (group.command.map { [([group.word], $0)] } ?? []) + group.kinds.map { ([group.word, $0.word], $0.command) }
        }
    }
}
