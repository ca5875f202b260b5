/// IAM wildcard matching: `*` matches any run of characters (also none), `?` exactly one.
///
/// Case handling is the caller's: StringLike is case-sensitive, action names are not.
enum Glob {
    static func matches(_ text: String, pattern: String) -> Bool {
        let text = Array(text.unicodeScalars)
        let pattern = Array(pattern.unicodeScalars)
        var textIndex = 0
        var patternIndex = 0
        // Where the last `*` was, and the text position it currently absorbs up to.
        var starIndex: Int?
        var starText = 0
        while textIndex < text.count {
            if patternIndex < pattern.count, pattern[patternIndex] == "?" || pattern[patternIndex] == text[textIndex] {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == "*" {
                starIndex = patternIndex
                starText = textIndex
                patternIndex += 1
            } else if let star = starIndex {
                patternIndex = star + 1
                starText += 1
                textIndex = starText
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == "*" { patternIndex += 1 }
        return patternIndex == pattern.count
    }
}
