import Foundation
import MigrationCore

/// The real `aws` CLI, run as argv with `--output json`, for every IAM and STS call.
///
/// Going through the CLI keeps profiles, SSO, `credential_process` and `--endpoint-url`
/// working. `--no-cli-pager` exists only in CLI v2 (v1 rejects it as an unknown option), so
/// paging is switched off through `AWS_PAGER=""`, which both versions accept.
public struct AWSCLI: Sendable {
    public struct Options: Sendable, Equatable {
        public var path: String
        public var profile: String?
        public var region: String?
        public var endpointURL: String?
        public var timeout: Duration

        public init(
            path: String = "aws", profile: String? = nil, region: String? = nil, endpointURL: String? = nil,
            timeout: Duration = .seconds(120)
        ) {
            self.path = path
            self.profile = profile
            self.region = region
            self.endpointURL = endpointURL
            self.timeout = timeout
        }
    }

    /// What STS said about a web-identity login; the temporary credentials are deliberately
    /// not part of it, so they cannot leak into logs, state or reports.
    public struct WebIdentityResult: Sendable, Equatable {
        public var provider: String?
        public var audience: String?
        public var subject: String?
        public var assumedRoleARN: String?
    }

    public var options: Options
    public var runner: any CommandRunning
    public var retry: RetryPolicy

    public init(options: Options = Options(), runner: any CommandRunning = ProcessRunner(), retry: RetryPolicy = RetryPolicy()) {
        self.options = options
        self.runner = runner
        self.retry = retry
    }

    /// `aws iam list-roles --output json`, verbatim (a snapshot's iam-roles.json). The CLI follows pagination itself.
    public func listRolesJSON() async throws(AWSError) -> Data {
        try await call(["iam", "list-roles"], target: "the account's roles").stdout
    }

    public func getRole(name: String) async throws(AWSError) -> IAMRole {
        let data = try await call(["iam", "get-role", "--role-name", name], target: "role \(name)").stdout
        do {
            return try IAMRolesDecoder.decodeGetRole(data)
        } catch {
            throw .unreadableOutput(command: "aws iam get-role", detail: error.description)
        }
    }

    /// Replaces a role's trust policy with `document` (JSON text, sent as is).
    public func updateAssumeRolePolicy(roleName: String, document: String) async throws(AWSError) {
        let arguments = ["iam", "update-assume-role-policy", "--role-name", roleName, "--policy-document", document]
        _ = try await call(arguments, target: "role \(roleName)")
    }

    /// `aws iam list-open-id-connect-providers --output json`, verbatim (a snapshot's oidc-providers.json).
    public func listOpenIDConnectProvidersJSON() async throws(AWSError) -> Data {
        try await call(["iam", "list-open-id-connect-providers"], target: "the account's OIDC providers").stdout
    }

    /// The issuer (without scheme) and client IDs of one provider.
    public func getOpenIDConnectProvider(arn: String) async throws(AWSError) -> OIDCProvider {
        struct Response: Decodable {
            var Url: String?
            var ClientIDList: [String]?
        }
        let arguments = ["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn]
        let response: Response = try decode(try await call(arguments, target: arn).stdout, "aws iam get-open-id-connect-provider")
        return OIDCProvider(
            arn: arn, url: response.Url.map(IssuerURL.strippingScheme), clientIDs: response.ClientIDList ?? [])
    }

    /// Creates a provider for `url` (with or without `https://`); returns its ARN.
    public func createOpenIDConnectProvider(url: String, clientIDs: [String]) async throws(AWSError) -> String {
        struct Response: Decodable { var OpenIDConnectProviderArn: String }
        let fullURL = "https://" + IssuerURL.strippingScheme(url)
        var arguments = ["iam", "create-open-id-connect-provider", "--url", fullURL]
        if !clientIDs.isEmpty { arguments += ["--client-id-list"] + clientIDs }
        let data = try await call(arguments, target: "OIDC provider \(fullURL)").stdout
        let response: Response = try decode(data, "aws iam create-open-id-connect-provider")
        return response.OpenIDConnectProviderArn
    }

    public func addClientID(providerARN: String, clientID: String) async throws(AWSError) {
        let arguments = [
            "iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", providerARN, "--client-id",
            clientID,
        ]
        _ = try await call(arguments, target: providerARN)
    }

    public func deleteOpenIDConnectProvider(arn: String) async throws(AWSError) {
        _ = try await call(["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", arn], target: arn)
    }

    /// The end-to-end proof that a token may assume a role. The token goes through stdin
    /// (`file:///dev/stdin`) so it never shows in a process listing, and the call is unsigned
    /// because STS needs no credentials for it.
    public func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, token: String) async throws(AWSError)
        -> WebIdentityResult
    {
        struct Response: Decodable {
            struct User: Decodable { var Arn: String? }
            var Provider: String?
            var Audience: String?
            var SubjectFromWebIdentityToken: String?
            var AssumedRoleUser: User?
        }
        let arguments = [
            "sts", "assume-role-with-web-identity", "--role-arn", roleARN, "--role-session-name", sessionName,
            "--web-identity-token", "file:///dev/stdin", "--no-sign-request",
        ]
        let data = try await call(arguments, stdin: Data(token.utf8), target: roleARN).stdout
        let response: Response = try decode(data, "aws sts assume-role-with-web-identity")
        return WebIdentityResult(
            provider: response.Provider, audience: response.Audience, subject: response.SubjectFromWebIdentityToken,
            assumedRoleARN: response.AssumedRoleUser?.Arn)
    }

    /// The account the configured credentials belong to.
    public func getCallerIdentity() async throws(AWSError) -> String {
        struct Response: Decodable { var Account: String }
        let data = try await call(["sts", "get-caller-identity"], target: "the caller").stdout
        let response: Response = try decode(data, "aws sts get-caller-identity")
        return response.Account
    }
}
