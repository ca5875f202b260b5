/// The words of one command line sorted by the command's declared options: `--name VALUE`
/// or `--name=VALUE` options (repeatable ones keep every value), flags, and positionals.
/// Values are read back by declaration, so an option's name is written in one place.
struct ParsedArguments: Equatable {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    var positionals: [String] = []
    let command: String

    /// Options the command does not declare are usage errors, so a typo never passes silently.
    init(_ arguments: [String], for spec: CommandSpec) throws(UsageError) {
        command = spec.name
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            guard let option = spec.option(named: name) else { throw UsageError("unknown option --\(name)", command: command) }
            if option.isFlag {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value", command: command) }
                flags.insert(name)
            } else if let inlineValue {
                values[name, default: []].append(inlineValue)
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError("--\(name) needs a value", command: command)
                }
                values[name, default: []].append(arguments[index])
                index += 1
            }
        }
    }

    func flag(_ option: OptionSpec) -> Bool { flags.contains(option.name) }

    /// Every value of a repeatable option, in the order given.
    func all(_ option: OptionSpec) -> [String] { values[option.name] ?? [] }

    func isGiven(_ option: OptionSpec) -> Bool { values[option.name] != nil || flags.contains(option.name) }

    /// The value of a single-valued option; given twice is an error.
    func value(_ option: OptionSpec) throws(UsageError) -> String? {
        guard let all = values[option.name] else { return nil }
        guard all.count == 1 || option.repeatable else {
            throw UsageError("--\(option.name) is given more than once", command: command)
        }
        return all.last
    }

    func required(_ option: OptionSpec, _ purpose: String) throws(UsageError) -> String {
        guard let value = try value(option) else { throw UsageError("missing --\(option.name) (\(purpose))", command: command) }
        return value
    }

    /// The value given, else the declared default.
    func text(_ option: OptionSpec) throws(UsageError) -> String? {
        try value(option) ?? option.defaultValue
    }

    /// The value given, else the declared default, else a usage error naming the option.
    private func valueOrDefault(_ option: OptionSpec) throws(UsageError) -> String {
        if let text = try value(option) ?? option.defaultValue { return text }
        throw UsageError("missing --\(option.name)", command: command)
    }

    /// A whole number within the range the option declares.
    func integer(_ option: OptionSpec) throws(UsageError) -> Int {
        let text = try valueOrDefault(option)
        guard case .integer(_, let range) = option.value, let number = Int(text), range.contains(number) else {
            let bounds = Self.range(of: option).map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""
            throw UsageError("--\(option.name) must be a whole number\(bounds), not \(text)", command: command)
        }
        return number
    }

    private static func range(of option: OptionSpec) -> ClosedRange<Int>? {
        if case .integer(_, let range) = option.value { return range }
        return nil
    }

    /// One of the values the option declares, as `T`.
    func choice<T: RawRepresentable>(_ option: OptionSpec) throws(UsageError) -> T where T.RawValue == String {
        try Self.choice(try valueOrDefault(option), of: option, command: command)
    }

    /// Every value of a repeatable choice, as `T`.
    func choices<T: RawRepresentable>(_ option: OptionSpec) throws(UsageError) -> [T] where T.RawValue == String {
        var chosen: [T] = []
        for text in all(option) { chosen.append(try Self.choice(text, of: option, command: command)) }
        return chosen
    }

    private static func choice<T: RawRepresentable>(_ text: String, of option: OptionSpec, command: String) throws(UsageError)
        -> T where T.RawValue == String
    {
        guard option.allowedValues.contains(text), let value = T(rawValue: text) else {
            throw UsageError(
                "--\(option.name) must be one of \(option.allowedValues.joined(separator: ", ")), not \(text)", command: command)
        }
        return value
    }

    func noPositionals() throws(UsageError) {
        if let extra = positionals.first { throw UsageError("unexpected argument \(extra)", command: command) }
    }
}
