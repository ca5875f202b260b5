/// What the gateway wrote to IAM and has not yet seen when reading back, by ARN.
actor WriteLedger {
    enum Expectation: Equatable {
        case trust(JSONValueText)
        case provider(clientIDs: [String])
        case providerGone
    }

    /// A trust document compared as parsed JSON, so re-indentation by the CLI does not matter.
    struct JSONValueText: Equatable {
        var text: String
    }

    private var expectations: [String: Expectation] = [:]

    func expect(_ expectation: Expectation, for arn: String) { expectations[arn] = expectation }

    /// The expectation for `arn`, cleared: a read-back waits for it once.
    func take(_ arn: String) -> Expectation? { expectations.removeValue(forKey: arn) }
}
