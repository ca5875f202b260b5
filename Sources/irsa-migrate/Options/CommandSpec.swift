/// A titled group of options in a command's help.
struct OptionSection: Equatable, Sendable {
    var title: String
    var options: [OptionSpec]
}

/// A command as the help and the parser see it: how it is called, what it does, its options.
struct CommandSpec: Equatable, Sendable {
    /// The words that name it: `plan kiam-to-irsa`, `apply`.
    var name: String
    /// One line for the main help's command list.
    var summary: String
    /// What follows `irsa-migrate` in the usage line; further lines continue it.
    var usage: String
    var description: String
    var sections: [OptionSection]
    /// Text after the options (exit codes, say).
    var footer: String?
    /// The words it takes besides options (`completion`'s shells), for completion.
    var words: [String] = []

    var options: [OptionSpec] { sections.flatMap(\.options) }

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}
