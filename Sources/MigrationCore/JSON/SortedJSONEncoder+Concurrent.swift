/// A plan's steps and roles are most of its text and encode independently: encoded on
/// every core, in slices, and handed to the encoding tree as text.
struct ConcurrentlyEncodedArray: Encodable {
    /// Each slice's elements as written, comma-separated, without the brackets.
    let slices: [ArraySlice<UInt8>]

    /// `elements` as `SortedJSONEncoder` writes the array, or nil when there are few, or the
    /// encoder is another, or an element fails: encoding them as usual then throws the error,
    /// with its path, that it always threw.
    static func encoding<Element: Encodable & Sendable>(
        _ elements: [Element], for encoder: any Encoder
    ) -> ConcurrentlyEncodedArray? {
        guard encoder is NodeEncoder, elements.count >= 2 * chunk else { return nil }
        let slices = elements.concurrentMap(slicesOf: chunk) { slice in
            (try? SortedJSONEncoder().encodeBytes(Array(slice)))?.dropFirst().dropLast()
        }
        guard slices.allSatisfy({ $0 != nil }) else { return nil }
        return ConcurrentlyEncodedArray(slices: slices.map { $0! })
    }

    private static let chunk = 512

    func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? NodeEncoder else {
            preconditionFailure("made only for SortedJSONEncoder (see encoding(_:for:))")
        }
        encoder.node.kind = .written(slices)
    }
}

extension KeyedEncodingContainer {
    /// `elements` encoded on every core when `encoder` is a `SortedJSONEncoder`'s.
    mutating func encode<Element: Encodable & Sendable>(
        _ elements: [Element], forKey key: Key, concurrentlyFor encoder: any Encoder
    ) throws {
        if let written = ConcurrentlyEncodedArray.encoding(elements, for: encoder) {
            try encode(written, forKey: key)
        } else {
            try encode(elements, forKey: key)
        }
    }
}
