import ClusterIO
import Foundation
import MigrationCore
import XCTest

/// Runs the real `aws` CLI through `ProcessRunner` against a moto server, when one is given
/// in `IRSA_MIGRATE_MOTO_ENDPOINT` (e.g. `http://127.0.0.1:5000`); skipped otherwise.
final class AWSCLIEmulatorTests: XCTestCase {
    private func client() throws -> AWSCLI {
        guard let endpoint = ProcessInfo.processInfo.environment["IRSA_MIGRATE_MOTO_ENDPOINT"] else {
            throw XCTSkip("set IRSA_MIGRATE_MOTO_ENDPOINT to run against moto")
        }
        setenv("AWS_ACCESS_KEY_ID", "testing", 1)
        setenv("AWS_SECRET_ACCESS_KEY", "testing", 1)
        setenv("AWS_CONFIG_FILE", "/dev/null", 1)
        return AWSCLI(options: .init(region: "us-east-1", endpointURL: endpoint), retry: .none)
    }

    func testRoleTrustRoundTripAndErrors() async throws {
        let aws = try client()
        let name = "irsa-smoke-\(UUID().uuidString.prefix(8))"
        let document =
            #"{"Version":"2012-10-17","Statement":[{"Sid":"b","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let runner = ProcessRunner()
        let create = try await runner.run(
            Command(aws.arguments(["iam", "create-role", "--role-name", name, "--assume-role-policy-document", document])))
        XCTAssertEqual(create.exitStatus, 0, create.stderrText)

        let role = try await aws.getRole(name: name)
        XCTAssertEqual(role.trustPolicyText, document)
        let listed = try IAMRolesDecoder.decode(try await aws.listRolesJSON())
        XCTAssertEqual(listed.first { $0.name == name }?.trustPolicyText, document)

        do {
            try await aws.updateAssumeRolePolicy(roleName: name + "-missing", document: document)
            XCTFail("expected noSuchEntity")
        } catch {
            guard case .noSuchEntity = error else { return XCTFail("\(error)") }
        }

        let arn = try await aws.createOpenIDConnectProvider(
            url: "\(name).example.com", clientIDs: ["sts.amazonaws.com", "other"])
        // moto 5.2 does not implement AddClientIDToOpenIDConnectProvider (HTTP 500), so
        // addClientID is covered by the argv tests only.
        let provider = try await aws.getOpenIDConnectProvider(arn: arn)
        XCTAssertEqual(provider.clientIDs?.sorted(), ["other", "sts.amazonaws.com"])
        let providers = try OIDCProvidersDecoder.decode(try await aws.listOpenIDConnectProvidersJSON())
        XCTAssertTrue(providers.contains { $0.arn == arn })

        let result = try await aws.assumeRoleWithWebIdentity(roleARN: role.arn, sessionName: "verify", token: "eyJ.token.sig")
        XCTAssertNotNil(result.assumedRoleARN)
        let account = try await aws.getCallerIdentity()
        XCTAssertFalse(account.isEmpty)
    }
}
