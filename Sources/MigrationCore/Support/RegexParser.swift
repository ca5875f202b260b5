/// A parsed RE2 pattern, before compiling.
indirect enum RegexNode: Sendable {
    case empty
    case set(CharacterSet)
    case assert(Assertion)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)
}

/// Recursive descent over the RE2 syntax kiam users write; anything else is `Unsupported`,
/// including what Go's `regexp` itself rejects (`a**`, `*a`, `(?=`, `\1`).
struct RegexParser {
    typealias Unsupported = LinearRegex.Unsupported
    struct Flags {
        var caseInsensitive = false
        var dotAll = false
    }

    private let text: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    init(_ text: [Unicode.Scalar]) {
        self.text = text
    }

    private var peek: Unicode.Scalar? { index < text.count ? text[index] : nil }

    private func fail(_ reason: String) -> Unsupported { Unsupported(reason: "\(reason) at character \(index)") }

    mutating func parse() throws(Unsupported) -> RegexNode {
        var flags = Flags()
        let node = try alternation(&flags)
        guard index == text.count else { throw fail("unmatched )") }
        return node
    }

    private mutating func alternation(_ flags: inout Flags) throws(Unsupported) -> RegexNode {
        var branches = [try concatenation(&flags)]
        while peek == "|" {
            index += 1
            branches.append(try concatenation(&flags))
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation(_ flags: inout Flags) throws(Unsupported) -> RegexNode {
        var items: [RegexNode] = []
        while let next = peek, next != "|", next != ")" {
            guard let atom = try atom(&flags) else { continue }
            items.append(try quantified(atom))
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func quantified(_ atom: RegexNode) throws(Unsupported) -> RegexNode {
        guard let bounds = try quantifier() else { return atom }
        if peek == "?" { index += 1 }  // lazy: the same set of matches
        let start = index
        if try quantifier() != nil {
            index = start
            throw fail("invalid nested repetition operator")
        }
        return .repetition(atom, min: bounds.min, max: bounds.max)
    }

    /// `*`, `+`, `?` or a valid `{n}`, `{n,}`, `{n,m}`; a `{` that is none of these is literal.
    private mutating func quantifier() throws(Unsupported) -> (min: Int, max: Int?)? {
        switch peek {
        case "*": index += 1; return (0, nil)
        case "+": index += 1; return (1, nil)
        case "?": index += 1; return (0, 1)
        case "{":
            let start = index
            index += 1
            guard let low = number() else {
                index = start
                return nil
            }
            var high: Int? = low
            if peek == "," {
                index += 1
                high = peek == "}" ? nil : number()
                if high == nil && peek != "}" {
                    index = start
                    return nil
                }
            }
            guard peek == "}" else {
                index = start
                return nil
            }
            index += 1
            guard low <= 1000, (high ?? low) <= 1000, low <= (high ?? low) else { throw fail("invalid repeat count") }
            return (low, high)
        default: return nil
        }
    }

    private mutating func number() -> Int? {
        var digits = ""
        while let next = peek, ("0"..."9").contains(next), digits.count < 8 {
            digits.unicodeScalars.append(next)
            index += 1
        }
        return Int(digits)
    }

    /// One atom, or nil for a flag group such as `(?i)` that only changes `flags`.
    private mutating func atom(_ flags: inout Flags) throws(Unsupported) -> RegexNode? {
        guard let next = peek else { throw fail("unexpected end") }
        index += 1
        switch next {
        case "(": return try group(&flags)
        case "[": return .set(fold(try characterClass(), flags))
        case ".": return .set(CharacterSet.any(dotAll: flags.dotAll))
        case "^": return .assert(.textStart)
        case "$": return .assert(.textEnd)
        case "*", "+", "?":
            index -= 1
            throw fail("missing argument to repetition operator")
        case "\\": return try escape(flags)
        default: return .set(fold(.single(next), flags))
        }
    }

    private func fold(_ set: CharacterSet, _ flags: Flags) -> CharacterSet { flags.caseInsensitive ? set.caseFolded() : set }

    private mutating func group(_ flags: inout Flags) throws(Unsupported) -> RegexNode? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 200 else { throw fail("groups nested too deeply") }
        var inner = flags
        if peek == "?" {
            index += 1
            if peek == "P" || peek == "<" {
                if peek == "P" { index += 1 }
                guard peek == "<" else { throw fail("unsupported group") }
                while let next = peek, next != ">" { index += 1 }
                guard peek == ">" else { throw fail("unterminated group name") }
                index += 1
            } else {
                var negate = false
                while let next = peek, next != ")", next != ":" {
                    index += 1
                    switch next {
                    case "i": inner.caseInsensitive = !negate
                    case "s": inner.dotAll = !negate
                    case "m", "U": break  // no newline in an ARN; laziness does not change a match
                    case "-": negate = true
                    default: throw fail("unsupported group or flag (?\(next)")
                    }
                }
                guard let end = peek else { throw fail("missing )") }
                index += 1
                if end == ")" {
                    flags = inner  // `(?i)` applies to the rest of the enclosing group
                    return nil
                }
            }
        }
        let node = try alternation(&inner)
        guard peek == ")" else { throw fail("missing )") }
        index += 1
        return node
    }

    private mutating func escape(_ flags: Flags) throws(Unsupported) -> RegexNode {
        guard let next = peek else { throw fail("trailing backslash") }
        index += 1
        switch next {
        case "A": return .assert(.textStart)
        case "z": return .assert(.textEnd)
        case "b": return .assert(.wordBoundary)
        case "B": return .assert(.notWordBoundary)
        case "Q":
            var items: [RegexNode] = []
            while index < text.count {
                if text[index] == "\\" && index + 1 < text.count && text[index + 1] == "E" {
                    index += 2
                    break
                }
                items.append(.set(fold(.single(text[index]), flags)))
                index += 1
            }
            return .concat(items)
        default:
            index -= 1
            if let item = try classEscape() { return .set(fold(CharacterSet(items: [item]), flags)) }
            return .set(fold(.single(try escapedScalar()), flags))
        }
    }

    /// `\d \D \w \W \s \S` (after the backslash), or nil for another escape.
    private mutating func classEscape() throws(Unsupported) -> CharacterSet.Item? {
        var item: CharacterSet.Item
        switch peek {
        case "d", "D": item = CharacterSet.digit
        case "w", "W": item = CharacterSet.wordItem
        case "s", "S": item = CharacterSet.space
        case "p", "P": throw fail("Unicode classes are not supported")
        default: return nil
        }
        item.negated = peek.map { $0.properties.isUppercase } ?? false
        index += 1
        return item
    }

    /// The scalar an escape stands for (after the backslash): control letters, `\xHH`,
    /// `\x{H...}`, or punctuation standing for itself.
    private mutating func escapedScalar() throws(Unsupported) -> Unicode.Scalar {
        guard let next = peek else { throw fail("trailing backslash") }
        index += 1
        switch next {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "a": return "\u{07}"
        case "x":
            var hex = ""
            if peek == "{" {
                index += 1
                while let digit = peek, digit != "}", hex.count < 8 {
                    hex.unicodeScalars.append(digit)
                    index += 1
                }
                guard peek == "}" else { throw fail("invalid escape") }
                index += 1
            } else {
                for _ in 0..<2 {
                    guard let digit = peek else { throw fail("invalid escape") }
                    hex.unicodeScalars.append(digit)
                    index += 1
                }
            }
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else { throw fail("invalid escape") }
            return scalar
        default:
            guard next.isASCII, !next.properties.isAlphabetic, !("0"..."9").contains(next) else {
                index -= 1
                throw fail("unsupported escape \\\(next)")
            }
            return next
        }
    }

    private mutating func characterClass() throws(Unsupported) -> CharacterSet {
        var set = CharacterSet(items: [])
        if peek == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while true {
            guard let next = peek else { throw fail("missing ]") }
            if next == "]" && !first {
                index += 1
                return set
            }
            first = false
            if next == "[" && index + 1 < text.count && text[index + 1] == ":" { throw fail("POSIX classes are not supported") }
            if next == "\\" {
                index += 1
                if let item = try classEscape() {
                    set.items.append(item)
                    continue
                }
            } else {
                index += 1
            }
            let low = next == "\\" ? try escapedScalar() : next
            var high = low
            if peek == "-" && index + 1 < text.count && text[index + 1] != "]" {
                index += 1
                guard let end = peek else { throw fail("missing ]") }
                index += 1
                high = end == "\\" ? try escapedScalar() : end
                guard low.value <= high.value else { throw fail("invalid character class range") }
            }
            set.items.append(CharacterSet.Item(ranges: [low.value...high.value]))
        }
    }
}

/// Compiles a parsed pattern into instructions (Thompson's construction).
struct RegexCompiler {
    var program: [Instruction] = []

    mutating func emit(_ node: RegexNode) throws(LinearRegex.Unsupported) {
        guard program.count <= LinearRegex.maximumProgramSize else {
            throw LinearRegex.Unsupported(reason: "too large once repetitions are expanded")
        }
        switch node {
        case .empty: break
        case .set(let set): program.append(.char(set))
        case .assert(let assertion): program.append(.assert(assertion))
        case .concat(let items): for item in items { try emit(item) }
        case .alternate(let branches):
            var exits: [Int] = []
            for (number, branch) in branches.enumerated() {
                guard number < branches.count - 1 else {
                    try emit(branch)
                    break
                }
                let split = program.count
                program.append(.match)
                try emit(branch)
                exits.append(program.count)
                program.append(.match)
                program[split] = .split(split + 1, program.count)
            }
            for exit in exits { program[exit] = .jump(program.count) }
        case .repetition(let item, let min, let max):
            for _ in 0..<min { try emit(item) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    program.append(.match)
                    try emit(item)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.match)
                try emit(item)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
