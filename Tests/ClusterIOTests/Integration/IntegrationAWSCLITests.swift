import ClusterIO
import Foundation
import MigrationCore
import TestSupport
import XCTest

/// Every `AWSCLI` call through the real aws CLI against moto behind the fault proxy, in
/// account 111122223333 (a 12-digit access key), seeded with examples/estate; then the
/// typed errors the real CLI produces, and our retries. One harness for the class; fault
/// rules and counts are cleared before each test.
final class IntegrationAWSCLITests: XCTestCase {
    static let shared = SharedHarness(estate: IntegrationEstate.directory, issuer: IntegrationEstate.issuer)
    var harness: EmulatorHarness!
    var aws: AWSCLI!

    override class func setUp() {
        super.setUp()
        shared.start()
    }

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    override func setUp() async throws {
        harness = try Self.shared.get()
        aws = harness.aws()
        try await harness.resetFaults()
    }

    let trust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:orders:orders"}}}]}"#

    // MARK: - Roles

    func testListRolesDecodesTheAccountsRolesOnly() async throws {
        let roles = try IAMRolesDecoder.decode(try await aws.listRolesJSON(), source: "aws iam list-roles")
        let seeded = try IAMRolesDecoder.decode(
            try Data(contentsOf: IntegrationEstate.directory.appendingPathComponent("iam-roles.json")))
        let expected = seeded.filter { $0.arn.contains(":\(IntegrationEstate.account):") }
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(
            Set(roles.map(\.arn)), Set(expected.map(\.arn)),
            "the access key selects account \(IntegrationEstate.account); the other account's role is not listed")
        let ordersAPI = try XCTUnwrap(roles.first { $0.name == "orders-api" })
        XCTAssertEqual(ordersAPI.path, "/apps/")
        XCTAssertEqual(
            try ordersAPI.trustPolicyText.map { try JSONValue(parsing: $0) },
            try expected.first { $0.name == "orders-api" }?.trustPolicyText.map { try JSONValue(parsing: $0) },
            "the trust document comes back as seeded")
        let counts = try await harness.faultCounts()
        XCTAssertEqual(counts["ListRoles"], 1, "one list call (the CLI paginates by itself): \(counts)")
    }

    func testGetRoleAndUpdateAssumeRolePolicyRoundTrip() async throws {
        let before = try await aws.getRole(name: "orders-worker")
        XCTAssertEqual(before.arn, "arn:aws:iam::111122223333:role/apps/orders-worker")
        XCTAssertEqual(before.name, "orders-worker")
        XCTAssertNotEqual(before.trustPolicyText.map { try? JSONValue(parsing: $0) }, try JSONValue(parsing: trust))

        try await aws.updateAssumeRolePolicy(roleName: "orders-worker", document: trust)
        let after = try await aws.getRole(name: "orders-worker")
        XCTAssertEqual(
            try after.trustPolicyText.map { try JSONValue(parsing: $0) }, try JSONValue(parsing: trust),
            "get-role shows the new document, key order kept")
        let counts = try await harness.faultCounts()
        XCTAssertEqual(counts["UpdateAssumeRolePolicy"], 1)
        XCTAssertEqual(counts["GetRole"], 2)
    }

    // MARK: - OIDC providers

    func testOpenIDConnectProvidersListGetCreateAndAddClientID() async throws {
        let providers = try OIDCProvidersDecoder.decode(try await aws.listOpenIDConnectProvidersJSON())
        XCTAssertEqual(
            Set(providers.map(\.arn)),
            [
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
            ])

        let seeded = try XCTUnwrap(providers.first { $0.arn.hasSuffix("EXAMPLED539D4633E53DE1B71EXAMPLE") })
        let provider = try await aws.getOpenIDConnectProvider(arn: seeded.arn)
        XCTAssertEqual(provider.url, "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE", "without the scheme")
        XCTAssertEqual(provider.clientIDs, ["sts.amazonaws.com"])

        let url = "oidc.eks.eu-west-1.amazonaws.com/id/NEWCLUSTER0000000000000000000001"
        let arn = try await aws.createOpenIDConnectProvider(
            url: url, clientIDs: ["sts.amazonaws.com"])
        XCTAssertEqual(arn, "arn:aws:iam::111122223333:oidc-provider/\(url)")
        let createdURL = try await aws.getOpenIDConnectProvider(arn: arn).url
        XCTAssertEqual(createdURL, url)

        try await aws.addClientID(providerARN: arn, clientID: "irsa-migrate-check")
        let updated = try await aws.getOpenIDConnectProvider(arn: arn)
        XCTAssertEqual(updated.clientIDs?.sorted(), ["irsa-migrate-check", "sts.amazonaws.com"])
        XCTAssertEqual(updated.url, url)
        let listed = try OIDCProvidersDecoder.decode(try await aws.listOpenIDConnectProvidersJSON())
        XCTAssertEqual(listed.count, 3, "the new provider is listed once")
    }

    // MARK: - STS

    func testAssumeRoleWithWebIdentityWithAClusterToken() async throws {
        let token = try await harness.kubectl.createToken(
            namespace: "orders", serviceAccount: "orders", audience: "sts.amazonaws.com")
        let claims = try JSON.jwtClaims(token)
        // The harness's STS checks the trust like AWS: a role of its own that trusts orders:orders,
        // removed afterwards so the listing tests see the seeded roles only.
        let runner = HarnessRunner(
            environment: harness.environment.merging(
                ["AWS_ACCESS_KEY_ID": IntegrationEstate.account, "AWS_SECRET_ACCESS_KEY": "testing"]) { $1 })
        let roleName = "irsa-sts-check"
        let created = try await runner.run(
            Command(
                aws.arguments([
                    "iam", "create-role", "--role-name", roleName, "--path", "/apps/", "--assume-role-policy-document", trust,
                ])))
        XCTAssertEqual(created.exitStatus, 0, created.stderrText)
        try await harness.resetFaults()
        let role = "arn:aws:iam::111122223333:role/apps/\(roleName)"
        let log = CommandLog()
        let result = try await harness.aws(log: log).assumeRoleWithWebIdentity(
            roleARN: role, sessionName: "irsa-migrate-verify", token: token)
        XCTAssertEqual(result.assumedRoleARN, "arn:aws:sts::111122223333:assumed-role/\(roleName)/irsa-migrate-verify")
        // Real STS (and the harness's) answer with the token's subject, audience and provider.
        XCTAssertEqual(result.subject, claims["sub"] as? String)
        XCTAssertEqual(result.audience, "sts.amazonaws.com")
        XCTAssertEqual(result.provider.map { $0.hasSuffix("EXAMPLED539D4633E53DE1B71EXAMPLE") }, true, result.provider ?? "nil")

        let refused = try? await harness.aws(log: log).assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::111122223333:role/apps/orders-worker-missing", sessionName: "irsa-migrate-verify",
            token: token)
        XCTAssertNil(refused, "a role that does not exist is refused")
        let deleted = try await runner.run(Command(aws.arguments(["iam", "delete-role", "--role-name", roleName])))
        XCTAssertEqual(deleted.exitStatus, 0, deleted.stderrText)

        // The token travels on stdin, never in argv.
        let command = try XCTUnwrap(log.commands.last)
        XCTAssertEqual(command.stdin, Data(token.utf8))
        XCTAssertFalse(command.arguments.contains { $0.contains(token) }, "the token is not in the process listing")
        XCTAssertTrue(command.arguments.contains("--no-sign-request"))

        // The result type holds no credentials, and nothing of them leaks into its text.
        let labels = Mirror(reflecting: result).children.compactMap(\.label).map { $0.lowercased() }
        XCTAssertEqual(labels, ["provider", "audience", "subject", "assumedrolearn"])
        let text = String(describing: result) + String(reflecting: result)
        for secret in ["SecretAccessKey", "SessionToken", "AccessKeyId", "ASIA", token] {
            XCTAssertFalse(text.contains(secret), "\(secret) must not appear")
        }
        let calls = try await harness.faultCounts()["AssumeRoleWithWebIdentity"]
        XCTAssertEqual(calls, 2)
    }

    func testGetCallerIdentityIsTheAccountOfTheKey() async throws {
        let account = try await aws.getCallerIdentity()
        XCTAssertEqual(account, IntegrationEstate.account)
        let otherAccount = try await harness.aws(account: IntegrationEstate.otherAccount).getCallerIdentity()
        XCTAssertEqual(otherAccount, IntegrationEstate.otherAccount)
    }

    // MARK: - Typed errors from the real CLI

    func testMissingRoleIsNoSuchEntity() async throws {
        await assertAWSError(try await aws.getRole(name: "no-such-role")) { error in
            guard case .noSuchEntity(let operation, let target, let message) = error else {
                return XCTFail("expected noSuchEntity, got \(error)")
            }
            XCTAssertEqual(operation, "iam get-role")
            XCTAssertEqual(target, "role no-such-role")
            XCTAssertTrue(message.contains("no-such-role"), message)
        }
        let getRoleCalls = try await harness.faultCounts()["GetRole"]
        XCTAssertEqual(getRoleCalls, 1, "not retried")
    }

    func testBadDocumentIsMalformedPolicyDocument() async throws {
        await assertAWSError(
            try await aws.updateAssumeRolePolicy(roleName: "orders-events", document: #"{"Version": "2012-10-17""#)
        ) { error in
            guard case .malformedPolicyDocument(let operation, let target, _) = error else {
                return XCTFail("expected malformedPolicyDocument, got \(error)")
            }
            XCTAssertEqual(operation, "iam update-assume-role-policy")
            XCTAssertEqual(target, "role orders-events")
            XCTAssertFalse(error.description.contains("2012-10-17"), "the document is not echoed: \(error)")
        }
    }

    func testExistingProviderIsEntityAlreadyExists() async throws {
        await assertAWSError(
            try await aws.createOpenIDConnectProvider(
                url: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
                clientIDs: ["sts.amazonaws.com"])
        ) { error in
            guard case .entityAlreadyExists(let operation, _, _) = error else {
                return XCTFail("expected entityAlreadyExists, got \(error)")
            }
            XCTAssertEqual(operation, "iam create-open-id-connect-provider")
        }
    }

    func testOversizedTrustIsLimitExceeded() async throws {
        let conditions = (0..<80).map { #""system:serviceaccount:orders:sa-\#($0)""# }.joined(separator: ",")
        let large = trust.replacingOccurrences(
            of: #""system:serviceaccount:orders:orders""#, with: "[\(conditions)]")
        XCTAssertGreaterThan(large.utf8.count, 2048)
        let before = try await aws.getRole(name: "batch-reports")
        await assertAWSError(try await aws.updateAssumeRolePolicy(roleName: "batch-reports", document: large)) { error in
            guard case .limitExceeded(_, let target, let message) = error else {
                return XCTFail("expected limitExceeded, got \(error)")
            }
            XCTAssertEqual(target, "role batch-reports")
            XCTAssertTrue(message.contains("ACLSizePerRole"), message)
        }
        let after = try await aws.getRole(name: "batch-reports")
        XCTAssertEqual(after, before, "the role is unchanged")
        let updateCalls = try await harness.faultCounts()["UpdateAssumeRolePolicy"]
        XCTAssertEqual(updateCalls, 1, "a quota error is not retried")
    }

    func testInjectedLimitExceededIsTyped() async throws {
        try await harness.injectFaults([["action": "AddClientIDToOpenIDConnectProvider", "error": "LimitExceeded", "times": 1]])
        let arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
        await assertAWSError(try await aws.addClientID(providerARN: arn, clientID: "x")) {
            guard case .limitExceeded(let operation, let target, _) = $0 else {
                return XCTFail("expected limitExceeded, got \($0)")
            }
            XCTAssertEqual(operation, "iam add-client-id-to-open-id-connect-provider")
            XCTAssertEqual(target, arn)
        }
        let clientIDs = try await aws.getOpenIDConnectProvider(arn: arn).clientIDs
        XCTAssertEqual(clientIDs, ["sts.amazonaws.com"])
    }

    func testInjectedAccessDeniedIsTypedAndNotRetried() async throws {
        try await harness.injectFaults([["action": "UpdateAssumeRolePolicy", "error": "AccessDenied", "times": 5]])
        await assertAWSError(try await aws.updateAssumeRolePolicy(roleName: "fluent-bit", document: trust)) { error in
            guard case .accessDenied(let operation, let target, let message) = error else {
                return XCTFail("expected accessDenied, got \(error)")
            }
            XCTAssertEqual(operation, "iam update-assume-role-policy")
            XCTAssertEqual(target, "role fluent-bit")
            XCTAssertTrue(message.contains("not authorized"), message)
            XCTAssertTrue(error.description.contains("grant the IAM policy"), error.description)
        }
        let updateCalls = try await harness.faultCounts()["UpdateAssumeRolePolicy"]
        XCTAssertEqual(updateCalls, 1, "access denied is final")
    }

    // MARK: - Retries

    func testThrottlingTwiceIsRetriedUntilListRolesSucceeds() async throws {
        try await harness.injectFaults([["action": "ListRoles", "error": "Throttling", "times": 2]])
        let sleeps = SleepRecorder()
        let data = try await harness.aws(retry: sleeps.policy(maxAttempts: 4)).listRolesJSON()
        XCTAssertFalse(try IAMRolesDecoder.decode(data).isEmpty)
        let listCalls = try await harness.faultCounts()["ListRoles"]
        XCTAssertEqual(listCalls, 3, "two throttled requests, then the one that worked")
        XCTAssertEqual(sleeps.delays.count, 2, "one backoff before each retry")
    }

    func testInternalFailureIsRetried() async throws {
        try await harness.injectFaults([["action": "GetRole", "error": "InternalFailure", "times": 1]])
        let sleeps = SleepRecorder()
        let role = try await harness.aws(retry: sleeps.policy(maxAttempts: 3)).getRole(name: "external-dns")
        XCTAssertEqual(role.arn, "arn:aws:iam::111122223333:role/external-dns")
        let getRoleCalls = try await harness.faultCounts()["GetRole"]
        XCTAssertEqual(getRoleCalls, 2)
        XCTAssertEqual(sleeps.delays.count, 1)
    }

    func testThrottlingBeyondTheBudgetIsTheThrottledError() async throws {
        try await harness.injectFaults([["action": "ListRoles", "error": "Throttling", "times": 10]])
        let sleeps = SleepRecorder()
        await assertAWSError(try await harness.aws(retry: sleeps.policy(maxAttempts: 3)).listRolesJSON()) { error in
            XCTAssertEqual(error, .throttled(operation: "iam list-roles", target: "the account's roles", attempts: 3))
            XCTAssertTrue(error.description.contains("still throttled after 3 attempts"), error.description)
        }
        let listCalls = try await harness.faultCounts()["ListRoles"]
        XCTAssertEqual(listCalls, 3, "exactly the budgeted attempts, the CLI's own retries off")
        XCTAssertEqual(sleeps.delays.count, 2)
    }
}

/// Asserts that `body` throws an `AWSError` and hands it to `check`.
func assertAWSError<T>(
    _ body: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line,
    _ check: (AWSError) -> Void
) async {
    do {
        let value = try await body()
        XCTFail("expected an AWSError, got \(value)", file: file, line: line)
    } catch let error as AWSError {
        check(error)
    } catch {
        XCTFail("expected an AWSError, got \(error)", file: file, line: line)
    }
}
