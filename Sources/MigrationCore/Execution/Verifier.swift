/// The end-to-end checks of the verify phase (pods carry IRSA; a token can assume the role
/// through STS). The real one uses `kubectl create token` and `aws sts`; the executor only
/// runs it and records the result.
public protocol Verifier: Sendable {
    func verify(_ step: Step) async throws -> VerificationResult
}

public struct VerificationResult: Sendable, Equatable {
    public var passed: Bool
    /// What was checked, or why it failed, for people.
    public var message: String

    public init(passed: Bool, message: String) {
        self.passed = passed
        self.message = message
    }
}
