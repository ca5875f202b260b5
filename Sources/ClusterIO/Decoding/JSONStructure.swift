/// Classifies the bytes of JSON text by structure alone (strings, escapes, brackets), not
/// validity: the splitter and the nesting check walk untrusted input with it before a parser does.
struct JSONStructure {
    enum Kind: Equatable {
        /// A string's quotes or a byte inside one.
        case string
        /// `[` or `{`.
        case open
        /// `]` or `}`.
        case close
        case whitespace
        case other
    }

    private var inString = false
    private var escaped = false

    mutating func classify(_ byte: UInt8) -> Kind {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return .string
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            return .string
        case UInt8(ascii: "["), UInt8(ascii: "{"): return .open
        case UInt8(ascii: "]"), UInt8(ascii: "}"): return .close
        case 0x20, 0x09, 0x0A, 0x0D: return .whitespace
        default: return .other
        }
    }
}
