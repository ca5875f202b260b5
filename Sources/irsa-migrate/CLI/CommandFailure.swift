/// An error a user can act on: one line saying what failed, on what, why, and what next.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
