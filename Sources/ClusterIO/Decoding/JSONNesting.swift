import Foundation

/// A linear scan for how deeply a JSON text nests, run before a decoder sees untrusted
/// bytes: Foundation's decoder traps (kills the process) on input that ends after about
/// 513 unclosed `[`. `kubernetes.json` no longer goes through it, but keeps the same limit
/// and message. Real inventories nest a few dozen levels; 200 leaves room.
enum JSONNesting {
    static let maximumDepth = 200

    /// Throws when some point of `bytes` lies deeper than `maximumDepth` arrays and objects.
    static func check(_ bytes: some Collection<UInt8>, source: String, context: String = "") throws(DecodeError) {
        if let offset = firstTooDeep(bytes) { throw tooDeep(at: offset, source: source, context: context) }
    }

    /// The same check over contiguous bytes (Foundation's `Data` iterator costs a call per byte).
    static func check(_ data: Data, source: String, context: String = "") throws(DecodeError) {
        if let offset = data.withUnsafeBytes({ firstTooDeep($0) }) {
            throw tooDeep(at: offset, source: source, context: context)
        }
    }

    private static func firstTooDeep(_ bytes: some Collection<UInt8>) -> Int? {
        var depth = 0
        var structure = JSONStructure()
        for (offset, byte) in bytes.enumerated() {
            switch structure.classify(byte) {
            case .open:
                depth += 1
                if depth > maximumDepth { return offset }
            case .close: depth -= 1
            case .string, .whitespace, .other: break
            }
        }
        return nil
    }

    private static func tooDeep(at offset: Int, source: String, context: String) -> DecodeError {
        let prefix = context.isEmpty ? "" : context + ": "
        return DecodeError(source: source, message: prefix + "nested deeper than \(maximumDepth) levels at byte \(offset)")
    }
}
