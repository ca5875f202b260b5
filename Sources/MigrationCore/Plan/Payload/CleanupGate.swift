/// The gate of an issuer-move cleanup step: it runs only after every verify step passed and
/// the old issuer's tokens (valid `tokenLifetimeSeconds`) have expired since.
public struct CleanupGate: Codable, Equatable, Sendable {
    public var tokenLifetimeSeconds: Int

    public init(tokenLifetimeSeconds: Int) {
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
    }

    private enum CodingKeys: String, CodingKey { case requires, tokenLifetimeSeconds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Written for readers of the plan document: the one thing a gate waits for.
        try container.encode("verify", forKey: .requires)
        try container.encode(tokenLifetimeSeconds, forKey: .tokenLifetimeSeconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokenLifetimeSeconds = try container.decode(Int.self, forKey: .tokenLifetimeSeconds)
    }
}
