import Foundation
import MigrationCore

/// The executor's `TargetGateway` over the real clients: IAM through one `aws` per account
/// (picked by the account in the ARN), the cluster through `kubectl`.
///
/// After a write to IAM, the next read of the same ARN (the executor's read-back) retries
/// under `readBack` until it shows the write, because IAM is eventually consistent; reads
/// with no write pending are made once.
public struct LiveTargetGateway: TargetGateway {
    public var kubectl: Kubectl
    /// One client per AWS account id.
    public var accounts: [String: AWSCLI]
    /// For an account not in `accounts` (or when there is one client for everything).
    public var fallback: AWSCLI
    public var readBack: ReadBackPolicy
    let ledger = WriteLedger()
    let roleLedger = RoleWriteLedger()

    public init(kubectl: Kubectl, accounts: [String: AWSCLI] = [:], fallback: AWSCLI, readBack: ReadBackPolicy = ReadBackPolicy())
    {
        self.kubectl = kubectl
        self.accounts = accounts
        self.fallback = fallback
        self.readBack = readBack
    }

    /// The client for the account that owns `arn`.
    public func aws(for arn: String) -> AWSCLI {
        ARN(arn).flatMap { accounts[$0.account] } ?? fallback
    }

    public func trustPolicy(role arn: String) async throws -> String? {
        guard let name = ARN(arn)?.roleName else { throw GatewayError.notFound(target: arn) }
        guard case .trust(let written)? = await ledger.take(arn) else { return try await readTrust(arn, name: name) }
        let wanted = try? JSONValue(parsing: written.text)
        return try await readBack.poll({ try await readTrust(arn, name: name) }) { text in
            text.flatMap { try? JSONValue(parsing: $0) } == wanted
        }
    }

    public func setTrustPolicy(role arn: String, document: String) async throws {
        guard let name = ARN(arn)?.roleName else { throw GatewayError.notFound(target: arn) }
        try await aws(for: arn).updateAssumeRolePolicy(roleName: name, document: document)
        await ledger.expect(.trust(.init(text: document)), for: arn)
    }

    public func oidcProvider(arn: String) async throws -> OIDCProvider? {
        switch await ledger.take(arn) {
        case .provider(let clientIDs)?:
            return try await readBack.poll({ try await readProvider(arn) }) {
                $0.map { Set($0.clientIDs ?? []).isSuperset(of: clientIDs) } ?? false
            }
        case .providerGone?:
            return try await readBack.poll({ try await readProvider(arn) }) { $0 == nil }
        default:
            return try await readProvider(arn)
        }
    }

    public func createOIDCProvider(arn: String, url: String, clientIDs: [String]) async throws {
        let created = try await aws(for: arn).createOpenIDConnectProvider(url: url, clientIDs: clientIDs)
        guard created == arn else {
            throw GatewayError.conflict(
                target: arn,
                detail: "IAM created \(created) instead; check that the profile for account \(ARN(arn)?.account ?? "?") is used")
        }
        await ledger.expect(.provider(clientIDs: clientIDs), for: arn)
    }

    public func addClientID(_ clientID: String, toProvider arn: String) async throws {
        try await aws(for: arn).addClientID(providerARN: arn, clientID: clientID)
        await ledger.expect(.provider(clientIDs: [clientID]), for: arn)
    }

    public func deleteOIDCProvider(arn: String) async throws {
        do {
            try await aws(for: arn).deleteOpenIDConnectProvider(arn: arn)
        } catch {
            guard case .noSuchEntity = error else { throw error }
            return
        }
        await ledger.expect(.providerGone, for: arn)
    }

    private func readTrust(_ arn: String, name: String) async throws -> String? {
        do {
            return try await aws(for: arn).getRole(name: name).trustPolicyText
        } catch {
            guard case .noSuchEntity = error else { throw error }
            return nil
        }
    }

    private func readProvider(_ arn: String) async throws -> OIDCProvider? {
        do {
            let provider = try await aws(for: arn).getOpenIDConnectProvider(arn: arn)
            return OIDCProvider(
                arn: arn, url: provider.url ?? ARN(arn)?.oidcProviderIssuer, clientIDs: provider.clientIDs ?? [])
        } catch {
            guard case .noSuchEntity = error else { throw error }
            return nil
        }
    }
}
