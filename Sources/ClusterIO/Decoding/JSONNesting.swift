import Foundation

/// A linear scan for how deeply a JSON text nests, run before `JSONDecoder` sees untrusted
/// bytes: Foundation's decoder traps (kills the process) on input that ends after about
/// 513 unclosed `[`. Real inventories nest a few dozen levels; 200 leaves room.
enum JSONNesting {
    static let maximumDepth = 200

    /// Throws when some point of `bytes` lies deeper than `maximumDepth` arrays and objects.
    static func check(_ bytes: some Collection<UInt8>, source: String, context: String = "") throws(DecodeError) {
        var depth = 0
        var structure = JSONStructure()
        for (offset, byte) in bytes.enumerated() {
            switch structure.classify(byte) {
            case .open:
                depth += 1
                guard depth <= maximumDepth else {
                    let prefix = context.isEmpty ? "" : context + ": "
                    throw DecodeError(
                        source: source, message: prefix + "nested deeper than \(maximumDepth) levels at byte \(offset)")
                }
            case .close: depth -= 1
            case .string, .whitespace, .other: break
            }
        }
    }
}
