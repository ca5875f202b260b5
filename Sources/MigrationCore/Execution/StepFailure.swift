/// A step that cannot go on, with the message the user sees; its outcome is `result`.
struct StepFailure: Error, Sendable {
    var result: StepOutcome.Result
    var message: String

    init(_ message: String, result: StepOutcome.Result = .failed) {
        self.message = message
        self.result = result
    }
}

/// A journal write that failed. It stops the whole run: a change whose record cannot be
/// written must not be followed by more changes.
struct JournalFailure: Error, CustomStringConvertible {
    var underlying: any Error

    var description: String { "\(underlying)" }
}

/// Runs a journal call, marking its errors so the step's error handling passes them up.
func journaled<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw JournalFailure(underlying: error)
    }
}
