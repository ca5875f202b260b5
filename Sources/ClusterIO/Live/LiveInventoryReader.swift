import Foundation
import MigrationCore

/// Why the live inventory could not be read: which client failed, with its own error.
public enum LiveInventoryError: Error, Equatable, Sendable, CustomStringConvertible {
    case kubectl(KubectlError)
    case aws(AWSError)
    case decoding(DecodeError)

    public var description: String {
        switch self {
        case .kubectl(let error): return "reading the cluster inventory failed: \(error)"
        case .aws(let error): return "reading IAM roles and OIDC providers failed: \(error)"
        case .decoding(let error): return "reading the live inventory failed: \(error)"
        }
    }
}

/// Reads the inventory from a live cluster and its AWS accounts with the minimum of calls:
/// one `kubectl get` of every kind, and per account one `aws iam list-roles` and one
/// `list-open-id-connect-providers`, all run concurrently.
///
/// No `get-open-id-connect-provider` per provider: the list gives ARNs, whose resource part
/// is the issuer, and that is all planning needs to match a provider. The client IDs stay
/// nil (unknown); the executor's "ensure provider" step reads them when it runs, so planning
/// stays at 1 + 2 x accounts calls however many providers exist. The same decoders as the
/// snapshot path are used on the same bytes, so a live plan equals a plan from a snapshot
/// taken at the same moment. With several accounts, their outputs follow one another in
/// the raw files (the decoders accept documents in a row), so nothing is re-serialised.
public struct LiveInventoryReader: Sendable {
    public var kubectl: Kubectl
    /// One client per account (profile); the first is the cluster's own account by convention.
    public var accounts: [AWSCLI]
    /// Also one `get-account-authorization-details` per account (only `plan instance-role` needs it).
    public var authorizationDetails: Bool
    /// Also the roles' tags (`get-account-authorization-details --filter Role`, one per account),
    /// so that plans see which roles CloudFormation or Terraform own.
    public var roleTags: Bool

    public init(kubectl: Kubectl, accounts: [AWSCLI], authorizationDetails: Bool = false, roleTags: Bool = false) {
        self.kubectl = kubectl
        self.accounts = accounts
        self.authorizationDetails = authorizationDetails
        self.roleTags = roleTags
    }

    /// The raw outputs, fetched concurrently; every call finishes before the first failure
    /// (kubectl's first, then the accounts' in order) is reported.
    public func readRaw() async throws(LiveInventoryError) -> RawInventory {
        let kubectl = self.kubectl
        async let kubernetes = Self.capture { () async throws(KubectlError) in try await kubectl.listInventoryJSON() }
        let outputs = await withTaskGroup(of: (Int, Result<Data, AWSError>, Result<Data, AWSError>).self) { group in
            for (index, aws) in accounts.enumerated() {
                group.addTask {
                    async let roles = Self.capture { () async throws(AWSError) in try await aws.listRolesJSON() }
                    async let providers = Self.capture { () async throws(AWSError) in
                        try await aws.listOpenIDConnectProvidersJSON()
                    }
                    return (index, await roles, await providers)
                }
            }
            var collected: [(Int, Result<Data, AWSError>, Result<Data, AWSError>)] = []
            for await output in group { collected.append(output) }
            return collected.sorted { $0.0 < $1.0 }
        }
        let kubernetesJSON: Data
        switch await kubernetes {
        case .success(let data): kubernetesJSON = data
        case .failure(let error): throw .kubectl(error)
        }
        var roles: [Data] = []
        var providers: [Data] = []
        for (_, rolesResult, providersResult) in outputs {
            do {
                roles.append(try rolesResult.get())
                providers.append(try providersResult.get())
            } catch {
                throw .aws(error)
            }
        }
        guard !roles.isEmpty else {
            // No account to ask: no roles, and providers unknown rather than absent.
            return RawInventory(kubernetesJSON: kubernetesJSON, iamRolesJSON: Data(#"{"Roles":[]}"#.utf8))
        }
        var raw = RawInventory(
            kubernetesJSON: kubernetesJSON, iamRolesJSON: Self.concatenate(roles), oidcProvidersJSON: Self.concatenate(providers))
        if authorizationDetails {
            var details: [Data] = []
            for aws in accounts {
                do {
                    details.append(try await aws.authorizationDetailsJSON())
                } catch {
                    throw .aws(error)
                }
            }
            raw.authorizationDetailsJSON = Self.concatenate(details)
        }
        return raw
    }

    public func read() async throws(LiveInventoryError) -> Inventory {
        let raw = try await readRaw()
        var inventory: Inventory
        do {
            inventory = try raw.decode()
        } catch {
            throw .decoding(error)
        }
        // The authorization details, when read, carry the tags already (ownership reads them there).
        if roleTags && raw.authorizationDetailsJSON == nil { try await addRoleTags(to: &inventory) }
        return inventory
    }

    /// One output verbatim; several one after another, each ending in a newline.
    static func concatenate(_ outputs: [Data]) -> Data {
        if outputs.count == 1, let only = outputs.first { return only }
        var joined = Data()
        for output in outputs {
            joined.append(output)
            if output.last != UInt8(ascii: "\n") { joined.append(UInt8(ascii: "\n")) }
        }
        return joined
    }

    /// Runs a call to completion and keeps its error as a value.
    private static func capture<Failure: Error>(_ body: @Sendable () async throws(Failure) -> Data) async -> Result<Data, Failure>
    {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
