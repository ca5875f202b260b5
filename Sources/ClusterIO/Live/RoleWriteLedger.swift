import MigrationCore

/// What the gateway wrote to a role and has not yet seen when reading back, by role ARN: IAM
/// is eventually consistent, so the read-back after a write retries until each write shows.
actor RoleWriteLedger {
    typealias Expectation = @Sendable (RoleState?) -> Bool
    private var expectations: [String: [Expectation]] = [:]

    func expect(_ arn: String, _ expectation: @escaping Expectation) { expectations[arn, default: []].append(expectation) }

    /// The expectations for `arn`, cleared: a read-back waits for them once.
    func take(_ arn: String) -> [Expectation] { expectations.removeValue(forKey: arn) ?? [] }
}
