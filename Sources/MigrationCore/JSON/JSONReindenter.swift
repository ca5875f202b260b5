/// Lays out compact JSON with sorted keys the way `JSONValue.serialized(.prettySorted)`
/// does, in one pass over the bytes and without building a tree.
///
/// The plan document of a 10,000-workload estate is tens of megabytes: parsing it into a
/// `JSONValue` only to print it again cost seconds and a tree several times its size. The
/// result is byte for byte what the tree would print, or nil when this pass cannot promise
/// that (keys not in UTF-8 byte order, a key with an escape, text that is not compact JSON),
/// and the caller then takes the tree's way.
enum JSONReindenter {
    private struct Frame {
        let isObject: Bool
        var expectsKey: Bool
        var lastKey: Range<Int>?
    }

    /// The laid-out bytes: the caller adds its newline before making the one `String`.
    static func layOut(_ input: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 2)
        var frames: [Frame] = []
        var index = 0

        func newline(_ depth: Int) {
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        while index < input.count {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = byte == UInt8(ascii: "{")
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                output.append(byte)
                if index + 1 < input.count && input[index + 1] == close {
                    output.append(close)
                    index += 2
                    continue
                }
                frames.append(Frame(isObject: isObject, expectsKey: isObject, lastKey: nil))
                newline(frames.count)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard let frame = frames.popLast(), frame.isObject == (byte == UInt8(ascii: "}")) else { return nil }
                newline(frames.count)
                output.append(byte)
            case UInt8(ascii: ","):
                guard !frames.isEmpty else { return nil }
                output.append(byte)
                frames[frames.count - 1].expectsKey = frames[frames.count - 1].isObject
                newline(frames.count)
            case UInt8(ascii: ":"):
                output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            case UInt8(ascii: "\""):
                guard let end = stringEnd(input, from: index) else { return nil }
                let token = index..<end
                let escaped = input[token].contains(UInt8(ascii: "\\"))
                if let last = frames.last, last.expectsKey {
                    let key = (index + 1)..<(end - 1)
                    if escaped { return nil }
                    if let previous = last.lastKey, !input[previous].lexicographicallyPrecedes(input[key]) { return nil }
                    frames[frames.count - 1].lastKey = key
                    frames[frames.count - 1].expectsKey = false
                }
                if escaped {
                    // Escapes are written the tree's way: decode, then encode again.
                    guard case .string(let text)? = try? JSONValue(parsing: Array(input[token])) else { return nil }
                    output.append(contentsOf: JSONValue.string(text).serialized().utf8)
                } else {
                    output.append(contentsOf: input[token])
                }
                index = end
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                return nil
            default:
                // A number, true, false or null: copied up to the next structural byte.
                let start = index
                while index < input.count, !isStructural(input[index]) { index += 1 }
                output.append(contentsOf: input[start..<index])
                continue
            }
            index += 1
        }
        guard frames.isEmpty else { return nil }
        return output
    }

    /// The index after the closing quote of the string that starts at `start`.
    private static func stringEnd(_ input: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        while index < input.count {
            switch input[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    private static func isStructural(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: " "),
            UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            return true
        default:
            return false
        }
    }
}
