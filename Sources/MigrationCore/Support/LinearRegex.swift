/// A regular expression in RE2 syntax (what kiam's Go `regexp` accepts), matched in time
/// linear in the text: a Thompson NFA run as a Pike VM, with no backtracking. kiam checks a
/// namespace's `iam.amazonaws.com/permitted` this way; a backtracking engine hangs on
/// patterns such as `(.*)*x` where the agent does not.
///
/// Only whether the whole text matches is computed (no captures). Syntax outside the subset
/// (Unicode classes, POSIX classes, back-references, look-around, unknown flags) and
/// programs too large are `Unsupported`: the caller must then not guess.
public struct LinearRegex: Sendable {
    public struct Unsupported: Error, Equatable, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The longest pattern compiled; a kiam annotation is a line of a namespace manifest.
    public static let maximumPatternLength = 16_384
    /// Instructions after counted repetitions are expanded (RE2 refuses large programs too).
    public static let maximumProgramSize = 50_000

    let program: [Instruction]

    public init(_ pattern: String) throws(Unsupported) {
        guard pattern.unicodeScalars.count <= Self.maximumPatternLength else {
            throw Unsupported(reason: "longer than \(Self.maximumPatternLength) characters")
        }
        var parser = RegexParser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the whole of `text` matches (as kiam's `^(?:pattern)$`).
    public func wholeMatch(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var current: [Int] = []
        var next: [Int] = []
        var marks = [Int](repeating: -1, count: program.count)
        var generation = 0
        add(0, at: 0, in: scalars, to: &current, marks: &marks, generation: generation)
        for position in 0...scalars.count {
            if position == scalars.count { return current.contains { program[$0] == .match } }
            generation += 1
            next.removeAll(keepingCapacity: true)
            let scalar = scalars[position]
            for pc in current {
                if case .char(let set) = program[pc], set.contains(scalar) {
                    add(pc + 1, at: position + 1, in: scalars, to: &next, marks: &marks, generation: generation)
                }
            }
            swap(&current, &next)
            if current.isEmpty { return false }
        }
        return false
    }

    /// Adds the thread at `start` and every thread reachable from it without reading a
    /// character, each instruction once per position (which also ends loops of empty matches).
    private func add(
        _ start: Int, at position: Int, in text: [Unicode.Scalar], to list: inout [Int], marks: inout [Int], generation: Int
    ) {
        var stack = [start]
        while let pc = stack.popLast() {
            guard marks[pc] != generation else { continue }
            marks[pc] = generation
            switch program[pc] {
            case .jump(let target): stack.append(target)
            case .split(let first, let second): stack.append(contentsOf: [second, first])
            case .assert(let assertion):
                if assertion.holds(at: position, in: text) { stack.append(pc + 1) }
            case .char, .match: list.append(pc)
            }
        }
    }
}

/// One instruction of the compiled program.
enum Instruction: Equatable, Sendable {
    case char(CharacterSet)
    case split(Int, Int)
    case jump(Int)
    case assert(Assertion)
    case match
}

enum Assertion: Equatable, Sendable {
    case textStart, textEnd, wordBoundary, notWordBoundary

    func holds(at position: Int, in text: [Unicode.Scalar]) -> Bool {
        switch self {
        case .textStart: return position == 0
        case .textEnd: return position == text.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && CharacterSet.word.contains(text[position - 1])
            let after = position < text.count && CharacterSet.word.contains(text[position])
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// A set of scalars: any of `items` (each a list of ranges, itself possibly negated), the
/// whole possibly negated, as `[^a-z\d]` reads.
struct CharacterSet: Equatable, Sendable {
    struct Item: Equatable, Sendable {
        var ranges: [ClosedRange<UInt32>]
        var negated = false
    }

    var items: [Item]
    var negated = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let inItems = items.contains { item in item.ranges.contains { $0.contains(value) } != item.negated }
        return inItems != negated
    }

    static func single(_ scalar: Unicode.Scalar) -> CharacterSet {
        CharacterSet(items: [Item(ranges: [scalar.value...scalar.value])])
    }
    static let digit = Item(ranges: [48...57])
    static let wordItem = Item(ranges: [48...57, 65...90, 95...95, 97...122])
    static let space = Item(ranges: [9...10, 12...13, 32...32])
    static let word = CharacterSet(items: [wordItem])
    /// `.`: anything but a newline, or anything with the `s` flag.
    static func any(dotAll: Bool) -> CharacterSet {
        dotAll ? CharacterSet(items: [], negated: true) : CharacterSet(items: [Item(ranges: [10...10])], negated: true)
    }

    /// With the `i` flag: ASCII letters match either case (RE2 folds Unicode too; ARNs are ASCII).
    func caseFolded() -> CharacterSet {
        var folded = self
        folded.items = items.map { item in
            var ranges = item.ranges
            for range in item.ranges {
                for (from, to) in [(UInt32(65), UInt32(90)), (UInt32(97), UInt32(122))] {
                    let low = max(range.lowerBound, from)
                    let high = min(range.upperBound, to)
                    if low <= high { ranges.append((low ^ 0x20)...(high ^ 0x20)) }
                }
            }
            return Item(ranges: ranges, negated: item.negated)
        }
        return folded
    }
}
