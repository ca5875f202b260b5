import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class AWSCLITests: XCTestCase {
    private func aws(_ runner: FakeCommandRunner, retry: RetryPolicy = .none, profile: String? = nil) -> AWSCLI {
        AWSCLI(
            options: .init(path: "aws", profile: profile, region: "eu-west-1", endpointURL: "http://127.0.0.1:5000"),
            runner: runner, retry: retry)
    }

    private let tail = ["--output", "json", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:5000"]

    func testListRolesArgvAndEnvironment() async throws {
        let runner = FakeCommandRunner(stdout: #"{"Roles":[]}"#)
        let data = try await aws(runner, profile: "prod").listRolesJSON()
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"Roles":[]}"#)
        XCTAssertEqual(
            runner.argvs,
            [
                [
                    "aws", "iam", "list-roles", "--output", "json", "--profile", "prod", "--region", "eu-west-1",
                    "--endpoint-url", "http://127.0.0.1:5000",
                ]
            ])
        let environment = try XCTUnwrap(runner.commands.first?.environment)
        XCTAssertEqual(environment["AWS_MAX_ATTEMPTS"], "1")
        XCTAssertEqual(environment["AWS_RETRY_MODE"], "standard")
        XCTAssertEqual(environment["AWS_PAGER"], "")
    }

    func testGetRoleDecodesTheTrustDocument() async throws {
        let runner = FakeCommandRunner(
            stdout:
                #"{"Role":{"Path":"/","RoleName":"a","Arn":"arn:aws:iam::1:role/a","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[]}}}"#
        )
        let role = try await aws(runner).getRole(name: "a")
        XCTAssertEqual(role.trustPolicyText, #"{"Version":"2012-10-17","Statement":[]}"#)
        XCTAssertEqual(runner.argvs, [["aws", "iam", "get-role", "--role-name", "a"] + tail])
    }

    func testWriteCallsArgv() async throws {
        let runner = FakeCommandRunner([
            .success(),
            .success(#"{"OpenIDConnectProviderArn":"arn:aws:iam::1:oidc-provider/irsa.example.com"}"#),
            .success(),
        ])
        let client = aws(runner)
        try await client.updateAssumeRolePolicy(roleName: "a", document: #"{"Version":"2012-10-17","Statement":[]}"#)
        let arn = try await client.createOpenIDConnectProvider(url: "irsa.example.com", clientIDs: ["sts.amazonaws.com"])
        try await client.addClientID(providerARN: arn, clientID: "other")
        XCTAssertEqual(arn, "arn:aws:iam::1:oidc-provider/irsa.example.com")
        XCTAssertEqual(
            runner.argvs,
            [
                [
                    "aws", "iam", "update-assume-role-policy", "--role-name", "a", "--policy-document",
                    #"{"Version":"2012-10-17","Statement":[]}"#,
                ] + tail,
                [
                    "aws", "iam", "create-open-id-connect-provider", "--url", "https://irsa.example.com", "--client-id-list",
                    "sts.amazonaws.com",
                ] + tail,
                [
                    "aws", "iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn",
                    "arn:aws:iam::1:oidc-provider/irsa.example.com", "--client-id", "other",
                ] + tail,
            ])
    }

    func testGetOpenIDConnectProvider() async throws {
        let runner = FakeCommandRunner(
            stdout:
                #"{"Url":"irsa.example.com","ClientIDList":["sts.amazonaws.com"],"ThumbprintList":["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],"CreateDate":"2024-01-01T00:00:00Z"}"#
        )
        let provider = try await aws(runner).getOpenIDConnectProvider(arn: "arn:aws:iam::1:oidc-provider/irsa.example.com")
        XCTAssertEqual(
            provider,
            OIDCProvider(
                arn: "arn:aws:iam::1:oidc-provider/irsa.example.com", url: "irsa.example.com", clientIDs: ["sts.amazonaws.com"]))
    }

    func testAssumeRoleWithWebIdentityKeepsTheTokenOffArgvAndDropsCredentials() async throws {
        let response = #"""
            {"Credentials":{"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"secret/key","SessionToken":"session","Expiration":"2024-01-01T01:00:00Z"},
             "SubjectFromWebIdentityToken":"system:serviceaccount:orders:api",
             "AssumedRoleUser":{"AssumedRoleId":"AROA:verify","Arn":"arn:aws:sts::1:assumed-role/a/verify"},
             "Provider":"arn:aws:iam::1:oidc-provider/irsa.example.com","Audience":"sts.amazonaws.com"}
            """#
        let runner = FakeCommandRunner(stdout: response)
        let result = try await aws(runner).assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::1:role/a", sessionName: "verify", token: "eyJtoken")
        XCTAssertEqual(result.subject, "system:serviceaccount:orders:api")
        XCTAssertEqual(result.audience, "sts.amazonaws.com")
        XCTAssertEqual(result.provider, "arn:aws:iam::1:oidc-provider/irsa.example.com")
        XCTAssertEqual(result.assumedRoleARN, "arn:aws:sts::1:assumed-role/a/verify")
        XCTAssertFalse("\(result)".contains("secret"))
        let command = try XCTUnwrap(runner.commands.first)
        XCTAssertFalse(command.arguments.contains("eyJtoken"))
        XCTAssertEqual(command.stdin, Data("eyJtoken".utf8))
        XCTAssertEqual(
            command.arguments,
            [
                "aws", "sts", "assume-role-with-web-identity", "--role-arn", "arn:aws:iam::1:role/a", "--role-session-name",
                "verify",
                "--web-identity-token", "file:///dev/stdin", "--no-sign-request",
            ] + tail)
    }

    func testGetCallerIdentity() async throws {
        let runner = FakeCommandRunner(
            stdout: #"{"UserId":"AIDA","Account":"123456789012","Arn":"arn:aws:iam::123456789012:user/ci"}"#)
        let account = try await aws(runner).getCallerIdentity()
        XCTAssertEqual(account, "123456789012")
    }

    func testErrorsAreClassifiedFromStderr() async {
        let cases: [(String, AWSError)] = [
            (
                "\nAn error occurred (NoSuchEntity) when calling the UpdateAssumeRolePolicy operation: The role with name a cannot be found.\n",
                .noSuchEntity(
                    operation: "iam update-assume-role-policy", target: "role a", message: "The role with name a cannot be found."
                )
            ),
            (
                "\nAn error occurred (LimitExceeded) when calling the UpdateAssumeRolePolicy operation: Cannot exceed quota for ACLSizePerRole: 2048\n",
                .limitExceeded(
                    operation: "iam update-assume-role-policy", target: "role a",
                    message: "Cannot exceed quota for ACLSizePerRole: 2048")
            ),
            (
                "\nAn error occurred (MalformedPolicyDocument) when calling the UpdateAssumeRolePolicy operation: Syntax errors in policy.\n",
                .malformedPolicyDocument(
                    operation: "iam update-assume-role-policy", target: "role a", message: "Syntax errors in policy.")
            ),
            (
                "\nAn error occurred (AccessDenied) when calling the UpdateAssumeRolePolicy operation: User: arn:aws:iam::1:user/ci is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: role a\n",
                .accessDenied(
                    operation: "iam update-assume-role-policy", target: "role a",
                    message:
                        "User: arn:aws:iam::1:user/ci is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: role a"
                )
            ),
            (
                "\nAn error occurred (EntityAlreadyExists) when calling the UpdateAssumeRolePolicy operation: Unknown\n",
                .entityAlreadyExists(operation: "iam update-assume-role-policy", target: "role a", message: "Unknown")
            ),
            (
                "\nAn error occurred (UnmodifiableEntity) when calling the UpdateAssumeRolePolicy operation: Cannot perform the operation on the protected role 'a'\n",
                .other(
                    code: "UnmodifiableEntity", operation: "iam update-assume-role-policy", target: "role a",
                    message: "Cannot perform the operation on the protected role 'a'")
            ),
            (
                "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
                .failed(
                    command: "aws iam update-assume-role-policy", exitStatus: 255,
                    detail: "Unable to locate credentials. You can configure credentials by running \"aws configure\".")
            ),
        ]
        for (stderr, expected) in cases {
            let runner = FakeCommandRunner([.failure(stderr, status: 255)])
            do {
                try await aws(runner).updateAssumeRolePolicy(roleName: "a", document: "{}")
                XCTFail("expected \(expected)")
            } catch {
                XCTAssertEqual(error, expected)
                XCTAssertFalse(error.description.contains("{}"), "documents stay out of messages")
            }
        }
    }

    func testNonRetryableErrorsAreNotRetried() async {
        let runner = FakeCommandRunner([
            .failure("An error occurred (NoSuchEntity) when calling the GetRole operation: nope", status: 254)
        ])
        let sleeps = SleepRecorder()
        do {
            _ = try await aws(runner, retry: sleeps.policy(maxAttempts: 5)).getRole(name: "a")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(runner.commands.count, 1)
            XCTAssertEqual(sleeps.delays, [])
        }
    }
}

/// Records requested sleeps instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []

    var delays: [Duration] { lock.withLock { recorded } }

    func policy(maxAttempts: Int, random: Double = 0.5) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, baseDelay: .milliseconds(100), maxDelay: .seconds(1),
            sleep: { [self] delay in lock.withLock { recorded.append(delay) } }, random: { random })
    }
}
