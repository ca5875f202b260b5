/// How long to keep re-reading after a write until IAM shows it. IAM is eventually
/// consistent: a `get-role` right after `update-assume-role-policy` may return the old
/// document for a few seconds, and an STS call may be refused until the trust propagated.
///
/// The delays and the sleeper are injected, so tests run without waiting.
public struct ReadBackPolicy: Sendable {
    /// The waits between attempts; their sum is the budget (about a minute by default).
    public var delays: [Duration]
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        delays: [Duration] = [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15), .seconds(15), .seconds(15),
        ],
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.delays = delays
        self.sleep = sleep
    }

    /// Runs `attempt` until it returns a value `done` accepts or the delays are used up, and
    /// returns the last value either way (the caller decides what a miss means).
    public func poll<T: Sendable>(_ attempt: () async throws -> T, until done: (T) -> Bool) async throws -> T {
        var value = try await attempt()
        for delay in delays where !done(value) {
            try await sleep(delay)
            value = try await attempt()
        }
        return value
    }
}
