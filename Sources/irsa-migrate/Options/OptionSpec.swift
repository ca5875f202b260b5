/// One option a command accepts, declared once: parsing, help text and shell completion
/// all read the same declaration, so they cannot disagree.
struct OptionSpec: Equatable, Sendable {
    /// What follows the option on the command line; completion offers values by kind.
    enum Value: Equatable, Sendable {
        /// A flag: no value.
        case none
        case text(placeholder: String)
        case file(placeholder: String)
        case directory(placeholder: String)
        case integer(placeholder: String, range: ClosedRange<Int>)
        case choice([String])
    }

    var name: String
    var value: Value
    /// May be given more than once; every value is kept.
    var repeatable: Bool
    /// The value when the option is not given; the help shows it.
    var defaultValue: String?
    /// Help lines: the first says what it is, the others continue it.
    var help: [String]

    init(_ name: String, _ value: Value, repeatable: Bool = false, default defaultValue: String? = nil, help: String...) {
        self.name = name
        self.value = value
        self.repeatable = repeatable
        self.defaultValue = defaultValue
        self.help = help
    }

    /// The help lines, the last one followed by whether it repeats and its default.
    var helpLines: [String] {
        let notes = [repeatable ? "repeatable" : nil, defaultValue.map { "default \($0)" }].compactMap { $0 }
        guard !notes.isEmpty, let last = help.last else { return help }
        return help.dropLast() + ["\(last) (\(notes.joined(separator: "; ")))"]
    }

    var isFlag: Bool { value == .none }

    /// `--name PLACEHOLDER`, `--name a|b`, or `--name`, as the help shows it.
    var synopsis: String {
        switch value {
        case .none: "--\(name)"
        case .text(let placeholder), .file(let placeholder), .directory(let placeholder), .integer(let placeholder, _):
            "--\(name) \(placeholder)"
        case .choice(let values): "--\(name) \(values.joined(separator: "|"))"
        }
    }

    /// The values a choice allows; empty for every other kind.
    var allowedValues: [String] {
        if case .choice(let values) = value { return values }
        return []
    }
}
