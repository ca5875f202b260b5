import ClusterIO
import Foundation
import MigrationCore
import XCTest

/// verify-workload reads the agent's role annotation under the key the plan switched
/// (kube2iam `--iam-role-key`), not only `iam.amazonaws.com/role`.
final class LiveVerifierRoleKeyTests: XCTestCase {
    private let job = ObjectRef(.cronjob, namespace: "reports", name: "nightly")

    private func verify(template annotations: [String: String], roleKeys: [ObjectRef: String]) async throws
        -> VerificationResult
    {
        let annotationsJSON = try JSONSerialization.data(withJSONObject: annotations)
        let cronJob =
            #"{"kind":"CronJob","metadata":{"name":"nightly","namespace":"reports"},"spec":{"jobTemplate":{"spec":{"template":"#
            + #"{"metadata":{"annotations":\#(String(decoding: annotationsJSON, as: UTF8.self))},"#
            + #""spec":{"serviceAccountName":"nightly"}}}}}}"#
        let kubectl = Kubectl(
            options: .init(path: "/usr/bin/kubectl"), runner: FakeCommandRunner(stdout: cronJob))
        var verifier = LiveVerifier(kubectl: kubectl, gateway: LiveTargetGateway(kubectl: kubectl, fallback: AWSCLI()))
        verifier.roleKeys = roleKeys
        let check = IdentityCheck(
            roleARN: "arn:aws:iam::111122223333:role/nightly", serviceAccount: .serviceAccount("reports", "nightly"),
            audience: "sts.amazonaws.com", issuer: "https://oidc.example.com", subject: nil)
        return try await verifier.verify(
            Step(phase: .verify, target: .object(job), summary: "verify", payload: .verifyWorkload(check)))
    }

    func testACustomRoleKeyLeftOnTheTemplateFailsVerify() async throws {
        let result = try await verify(template: ["team/role": "nightly"], roleKeys: [job: "team/role"])
        XCTAssertFalse(result.passed)
        XCTAssertTrue(result.message.contains("team/role nightly"), result.message)
    }

    func testTheTemplateWithoutTheCustomKeyPasses() async throws {
        let result = try await verify(template: ["iam.amazonaws.com/role": "unrelated"], roleKeys: [job: "team/role"])
        XCTAssertTrue(result.passed, result.message)
    }

    func testThePlansSwitchStepsGiveTheKeys() {
        let change = WorkloadSwitch(previousKiamRole: "nightly", serviceAccount: nil, annotationKey: "team/role")
        let step = Step(phase: .cutover, target: .object(job), summary: "switch", payload: .switchWorkload(change))
        let plan = Plan(
            header: .init(
                id: "p", createdAt: "t", inputDigest: "d",
                options: .kiamToIRSA(KiamToIRSAOptions(issuer: IssuerURL("https://oidc.example.com")!))),
            summary: .init(workloads: 1, serviceAccounts: 0, roles: 0, steps: 1, blocked: 0), findings: [],
            steps: [step], roles: [])
        XCTAssertEqual(LiveVerifier.roleKeys(of: plan), [job: "team/role"])
    }
}
