/// A stored plan value that does not hold what its kind or action needs (a hand-edited or
/// corrupted state file); decoding reports it as a `DecodingError`.
struct PlanFormatError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
