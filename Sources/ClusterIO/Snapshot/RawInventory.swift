import Foundation
import MigrationCore

/// The three client outputs an inventory is built from, byte for byte as the clients printed
/// them. A snapshot directory is exactly these files, and the live path produces the same
/// bytes, so both go through the same decoders and a live plan equals a snapshot plan.
public struct RawInventory: Sendable, Equatable {
    /// `kubectl get namespaces,serviceaccounts,... -A -o json`.
    public var kubernetesJSON: Data
    /// `aws iam list-roles --output json`.
    public var iamRolesJSON: Data
    /// `aws iam list-open-id-connect-providers --output json`; nil when not listed.
    public var oidcProvidersJSON: Data?
    /// `aws iam get-account-authorization-details --filter Role LocalManagedPolicy`; nil when
    /// not taken (only `plan instance-role` reads it).
    public var authorizationDetailsJSON: Data?

    public init(kubernetesJSON: Data, iamRolesJSON: Data, oidcProvidersJSON: Data? = nil, authorizationDetailsJSON: Data? = nil) {
        self.authorizationDetailsJSON = authorizationDetailsJSON
        self.kubernetesJSON = kubernetesJSON
        self.iamRolesJSON = iamRolesJSON
        self.oidcProvidersJSON = oidcProvidersJSON
    }

    public static let kubernetesFile = "kubernetes.json"
    public static let iamRolesFile = "iam-roles.json"
    public static let oidcProvidersFile = "oidc-providers.json"
    public static let authorizationDetailsFile = AuthorizationDetails.file

    /// Decodes all three outputs; errors name the snapshot file the bytes belong to.
    public func decode() throws(DecodeError) -> Inventory {
        // The role list decodes beside the Kubernetes objects, whose error still comes first.
        let iamRoles = iamRolesJSON
        let decodingRoles = Background {
            Result { () throws(DecodeError) in try IAMRolesDecoder.decode(iamRoles, source: Self.iamRolesFile) }
        }
        let objects = try KubernetesListDecoder.decode(kubernetesJSON, source: Self.kubernetesFile)
        let roles = try decodingRoles.value.get()
        let providers = try oidcProvidersJSON.map { data throws(DecodeError) in
            try OIDCProvidersDecoder.decode(data, source: Self.oidcProvidersFile)
        }
        let details = try authorizationDetailsJSON.map { data throws(DecodeError) in
            try AuthorizationDetailsDecoder.decode(data, source: Self.authorizationDetailsFile)
        }
        return Inventory(
            namespaces: objects.namespaces, serviceAccounts: objects.serviceAccounts, workloads: objects.workloads, roles: roles,
            oidcProviders: providers, authorizationDetails: details)
    }
}
