/// A coding path kept as a chain of links and made into an array only when asked for (by an
/// error): encoding or decoding a large plan copied a growing array of keys at every value.
struct CodingPath {
    private final class Link {
        let key: any CodingKey
        let parent: Link?

        init(key: any CodingKey, parent: Link?) {
            self.key = key
            self.parent = parent
        }
    }

    private let last: Link?

    static var root: CodingPath { CodingPath(last: nil) }

    func appending(_ key: any CodingKey) -> CodingPath {
        CodingPath(last: Link(key: key, parent: last))
    }

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var link = last
        while let current = link {
            keys.append(current.key)
            link = current.parent
        }
        return keys.reversed()
    }
}
