/// A plan's steps and roles are most of its text and encode independently: encoded on
/// every core, in slices, and handed to the encoding tree as text.
struct ConcurrentlyEncodedArray: Encodable {
    /// Each slice's elements as written, comma-separated, without the brackets; pretty, each
    /// element after its own line break.
    let slices: [ArraySlice<UInt8>]

    /// `elements` as `SortedJSONEncoder` writes the array under a key of `encoder`'s value,
    /// or nil when there are few, or the encoder is another, or an element fails: encoding
    /// them as usual then throws the error, with its path, that it always threw.
    static func encoding<Element: Encodable & Sendable>(
        _ elements: [Element], underAKeyOf encoder: any Encoder
    ) -> ConcurrentlyEncodedArray? {
        guard let encoder = encoder as? NodeEncoder, elements.count >= 2 * chunk else { return nil }
        // The array's depth: a key of the encoder's value is one level below it.
        let depth = encoder.layout.depth + encoder.codingPath.count + 1
        let pretty = encoder.layout.pretty
        let closing = pretty ? 2 + 2 * depth : 1  // the line break and indentation before "]", and "]"
        let slices = elements.concurrentMap(slicesOf: chunk) { slice in
            (try? SortedJSONEncoder(pretty: pretty).encodeBytes(Array(slice), indent: depth))?.dropFirst().dropLast(closing)
        }
        guard slices.allSatisfy({ $0 != nil }) else { return nil }
        return ConcurrentlyEncodedArray(slices: slices.map { $0! })
    }

    private static let chunk = 512

    func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? NodeEncoder else {
            preconditionFailure("made only for SortedJSONEncoder (see encoding(_:underAKeyOf:))")
        }
        encoder.node.shape = .written(slices)
    }
}

extension KeyedEncodingContainer {
    /// `elements` encoded on every core when `encoder` is a `SortedJSONEncoder`'s.
    mutating func encode<Element: Encodable & Sendable>(
        _ elements: [Element], forKey key: Key, concurrentlyFor encoder: any Encoder
    ) throws {
        if let written = ConcurrentlyEncodedArray.encoding(elements, underAKeyOf: encoder) {
            try encode(written, forKey: key)
        } else {
            try encode(elements, forKey: key)
        }
    }
}
