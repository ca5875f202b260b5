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

/// Reads the inventory from a live cluster and account with the minimum of calls: one
/// `kubectl get` of every kind, one `aws iam list-roles`, one `list-open-id-connect-providers`.
///
/// No `get-open-id-connect-provider` per provider: the list gives ARNs, whose resource part
/// is the issuer, and that is all planning needs to match a provider. The client IDs stay
/// nil (unknown); the executor's "ensure provider" step reads them when it runs, so planning
/// stays at three calls however many providers exist. The same decoders as the snapshot path
/// are used on the same bytes, so a live plan equals a plan from a snapshot taken at once.
public struct LiveInventoryReader: Sendable {
    public var kubectl: Kubectl
    public var aws: AWSCLI

    public init(kubectl: Kubectl, aws: AWSCLI) {
        self.kubectl = kubectl
        self.aws = aws
    }

    /// The three outputs, fetched concurrently.
    public func readRaw() async throws(LiveInventoryError) -> RawInventory {
        let kubectl = self.kubectl
        let aws = self.aws
        async let kubernetes = Self.capture { () async throws(KubectlError) in try await kubectl.listInventoryJSON() }
        async let roles = Self.capture { () async throws(AWSError) in try await aws.listRolesJSON() }
        async let providers = Self.capture { () async throws(AWSError) in try await aws.listOpenIDConnectProvidersJSON() }
        let (kubernetesResult, rolesResult, providersResult) = await (kubernetes, roles, providers)
        do {
            return RawInventory(kubernetesJSON: try kubernetesResult.get(), iamRolesJSON: try rolesResult.get(), oidcProvidersJSON: try providersResult.get())
        } catch let error as KubectlError {
            throw .kubectl(error)
        } catch let error as AWSError {
            throw .aws(error)
        } catch {
            throw .aws(.unreadableOutput(command: "aws", detail: "\(error)"))
        }
    }

    public func read() async throws(LiveInventoryError) -> Inventory {
        let raw = try await readRaw()
        do {
            return try raw.decode()
        } catch {
            throw .decoding(error)
        }
    }

    /// Runs a call to completion and keeps its error as a value, so all three calls finish
    /// (and none is left running) before the first failure is reported.
    private static func capture<Failure: Error>(_ body: @Sendable () async throws(Failure) -> Data) async -> Result<Data, Failure> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}

/// Writes a snapshot directory from the live clients: the raw outputs, verbatim.
public struct SnapshotTaker: Sendable {
    public var reader: LiveInventoryReader

    public init(reader: LiveInventoryReader) {
        self.reader = reader
    }

    /// Reads everything first, then writes, so a failed call leaves no partial snapshot;
    /// the raw inventory is returned for the caller's summary.
    @discardableResult
    public func take(to directory: String) async throws -> RawInventory {
        let raw = try await reader.readRaw()
        try SnapshotWriter(directory: directory).write(raw)
        return raw
    }
}
