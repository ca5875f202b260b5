/// Capped exponential backoff with full jitter for transient failures of the `aws` and
/// `kubectl` calls: one mechanism, so both clients wait and give up the same way.
///
/// The sleeper and random source are injected so tests run instantly and deterministically.
/// The aws CLI's own retries are switched off (`AWS_MAX_ATTEMPTS=1`) so the two do not multiply.
public struct RetryPolicy: Sendable {
    /// Total attempts, the first one included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in `0..<1`.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The kubectl budget: 4 attempts within about 3.5 s at most. An API server that is
    /// still failing after that is down, not flaky, and the step should say so.
    public static let kubectl = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(2))

    /// The wait before attempt `attempt + 1` (attempt counts from 1):
    /// uniform in `0 ..< min(maxDelay, baseDelay * 2^(attempt-1))`.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * random()
    }

    /// Runs `operation` (given the attempt number, from 1) until it succeeds, fails with an
    /// error `isTransient` rejects, or the attempts are used up; the last error is thrown.
    /// A cancelled sleep ends the loop with that last error too.
    func run<T, Failure: Error>(
        _ operation: (Int) async throws(Failure) -> T, isTransient: (Failure) -> Bool
    ) async throws(Failure) -> T {
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                guard isTransient(error), attempt < maxAttempts else { throw error }
                do {
                    try await sleep(delay(afterAttempt: attempt))
                } catch _ {
                    throw error
                }
                attempt += 1
            }
        }
    }
}
