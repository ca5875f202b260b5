extension JSONValueDecoder {
    /// Decodes `type` from `document`, the elements of its array member `key` apart in slices
    /// on every core: they are most of a large document and decode independently. Nil when
    /// there are few, or one fails: decoding the whole document then throws the error, with
    /// its path, that it always threw.
    public func decode<T: Decodable, Element: Decodable & Sendable>(
        _ type: T.Type, from document: JSONValue, elementsOf key: String, as elementType: Element.Type
    ) -> (rest: T, elements: [Element])? {
        guard case .object(var members) = document, let index = members.firstIndex(where: { $0.key == key }),
            case .array(let elements) = members[index].value, elements.count >= 2 * Self.chunk
        else { return nil }
        let decoded = elements.concurrentMap(slicesOf: Self.chunk) { slice in
            try? slice.map { try JSONValueDecoder().decode(Element.self, from: $0) }
        }
        guard decoded.allSatisfy({ $0 != nil }) else { return nil }
        members[index].value = .array([])
        guard let rest = try? decode(type, from: .object(members)) else { return nil }
        return (rest, decoded.flatMap { $0 ?? [] })
    }

    private static let chunk = 512
}
