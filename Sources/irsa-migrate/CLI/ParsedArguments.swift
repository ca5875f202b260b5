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

/// The words of one command line sorted by a command's option spec: `--name VALUE` or
/// `--name=VALUE` options (repeatable ones keep every value), flags, and positionals.
struct ParsedArguments: Equatable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    let command: String

    /// Options not in `valueOptions` or `flags` are usage errors, so a typo never passes silently.
    init(_ arguments: [String], command: String, valueOptions: Set<String>, flags: Set<String>) throws(UsageError) {
        self.command = command
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
            if flags.contains(name) {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value", command: command) }
                self.flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                        throw UsageError("--\(name) needs a value", command: command)
                    }
                    values[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                throw UsageError("unknown option --\(name)", command: command)
            }
        }
    }

    /// The value of a single-valued option; given twice is an error.
    func value(_ name: String) throws(UsageError) -> String? {
        guard let all = values[name] else { return nil }
        guard all.count == 1 else { throw UsageError("--\(name) is given more than once", command: command) }
        return all[0]
    }

    func required(_ name: String, _ purpose: String) throws(UsageError) -> String {
        guard let value = try value(name) else { throw UsageError("missing --\(name) (\(purpose))", command: command) }
        return value
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = try value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)", command: command)
        }
        return number
    }

    func choice<T: RawRepresentable>(_ name: String, default fallback: T, allowed: [T]) throws(UsageError) -> T
    where T.RawValue == String {
        guard let text = try value(name) else { return fallback }
        guard let choice = T(rawValue: text), allowed.contains(where: { $0.rawValue == choice.rawValue }) else {
            throw UsageError(
                "--\(name) must be one of \(allowed.map(\.rawValue).joined(separator: ", ")), not \(text)", command: command)
        }
        return choice
    }

    func noPositionals() throws(UsageError) {
        if let extra = positionals.first { throw UsageError("unexpected argument \(extra)", command: command) }
    }
}
