import MigrationCore
import XCTest

/// Statement-level checks: subject and audience scoping, providers, principals.
final class TrustStatementAuditTests: XCTestCase {
    typealias F = AuditFixtures
    let a = AuditFixtures.issuerA

    func testAScopedStatementWithAnExistingProviderHasNoFinding() {
        XCTAssertEqual(F.audit(roles: [F.role("app", F.irsa())], providers: F.providers([a])).findings, [])
    }

    func testTrustWithoutSubjectOrAudience() {
        let audOnly = F.irsa(sid: "AudOnly", condition: #"{"StringEquals":{"\#(a):aud":"sts.amazonaws.com"}}"#)
        let notSub = F.irsa(condition: #"{"StringNotEquals":{"\#(a):sub":"system:serviceaccount:ns:x"}}"#)
        let report = F.audit(roles: [F.role("app", audOnly, notSub)])
        XCTAssertEqual(
            report.codes,
            [
                "error trust-without-subject \(F.roleARN("app")) #1", "error trust-without-subject \(F.roleARN("app")) #2",
                "warning trust-without-audience \(F.roleARN("app")) #2",
            ])
        XCTAssertEqual(report.findings[0].statement?.sid, "AudOnly")
        XCTAssertEqual(report.findings[0].location, "\(F.roleARN("app")) statement 1 (Sid \"AudOnly\")")
    }

    func testSubjectWildcardsBeyondOneNamespace() {
        func condition(_ value: String, _ op: String = "StringLike") -> String {
            #"{"\#(op)":{"\#(a):sub":"\#(value)"},"StringEquals":{"\#(a):aud":"sts.amazonaws.com"}}"#
        }
        let report = F.audit(roles: [
            F.role("every", F.irsa(condition: condition("system:serviceaccount:*:*"))),
            F.role("star", F.irsa(condition: condition("*"))),
            F.role("team", F.irsa(condition: condition("system:serviceaccount:team-*:*"))),
            F.role("prefix", F.irsa(condition: condition("system:serviceaccount:team-*", "ForAnyValue:StringLike"))),
            F.role("one-namespace", F.irsa(condition: condition("system:serviceaccount:ns:*"))),
            F.role("literal-star", F.irsa(condition: condition("system:serviceaccount:*:*", "StringEquals"))),
        ])
        XCTAssertEqual(
            report.codes,
            [
                "error subject-wildcard-cross-namespace \(F.roleARN("every")) #1",
                "error subject-wildcard-cross-namespace \(F.roleARN("star")) #1",
                "warning subject-wildcard-cross-namespace \(F.roleARN("prefix")) #1",
                "warning subject-wildcard-cross-namespace \(F.roleARN("team")) #1",
            ])
    }

    func testStringLikeOnAudience() {
        func condition(_ aud: String) -> String {
            #"{"StringEquals":{"\#(a):sub":"system:serviceaccount:ns:app"},"StringLike":{"\#(a):aud":"\#(aud)"}}"#
        }
        let report = F.audit(roles: [
            F.role("glob", F.irsa(condition: condition("sts.*"))),
            F.role("plain", F.irsa(condition: condition("sts.amazonaws.com"))),
        ])
        XCTAssertEqual(
            report.codes,
            ["warning audience-stringlike \(F.roleARN("glob")) #1", "info audience-stringlike \(F.roleARN("plain")) #1"])
    }

    func testProvidersThatCannotWork() {
        let otherAccount = F.irsa().replacingOccurrences(of: "::111122223333:oidc-provider", with: "::999988887777:oidc-provider")
        let unknownIssuer = F.irsa("oidc.eks.eu-west-1.amazonaws.com/id/CCCC")
        let wrongAudience = F.irsa(
            condition: #"{"StringEquals":{"\#(a):sub":"system:serviceaccount:ns:app","\#(a):aud":"vault"}}"#)
        let report = F.audit(
            roles: [F.role("a", otherAccount), F.role("b", unknownIssuer), F.role("c", wrongAudience)],
            providers: F.providers([a]))
        XCTAssertEqual(
            report.codes,
            [
                "error oidc-provider-audience-missing \(F.roleARN("c")) #1", "error oidc-provider-missing \(F.roleARN("a")) #1",
                "error oidc-provider-missing \(F.roleARN("b")) #1",
            ])
        XCTAssertTrue(report.findings[1].message.contains("999988887777"), report.findings[1].message)
    }

    func testUnlistedProvidersAreNotCheckedAndSaySo() {
        let report = F.audit(roles: [F.role("b", F.irsa("oidc.eks.eu-west-1.amazonaws.com/id/CCCC"))], providers: nil)
        XCTAssertEqual(report.findings, [])
        XCTAssertTrue(report.notChecked.contains { $0.contains("OIDC providers were not listed") }, "\(report.notChecked)")
    }

    func testDeletedAndWildcardPrincipals() {
        let deleted =
            #"{"Sid":"Old","Effect":"Allow","Principal":{"AWS":["AROAEXAMPLEID1234567",  "\#(F.kiamServer)"]},"Action":"sts:AssumeRole"}"#
        let anyone = #"{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}"#
        let negative =
            #"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"1"}}}"#
        let org =
            #"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}"#
        let denyAnyone = #"{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}"#
        let report = F.audit(roles: [F.role("r", deleted, anyone, negative, org, denyAnyone)], agentRoles: [])
        let r = F.roleARN("r")
        XCTAssertEqual(
            report.codes,
            [
                "error principal-wildcard-unscoped \(r) #2", "error principal-wildcard-unscoped \(r) #3",
                "warning principal-deleted \(r) #1",
            ])
    }

    func testUnparseableTrustIsAnErrorAndTheRestIsStillAudited() {
        let broken = IAMRole(arn: F.roleARN("broken"), name: "broken", trustPolicyText: #"{"Statement":"nope"}"#)
        let report = F.audit(roles: [broken, F.role("open", F.irsa(condition: "{}"))])
        XCTAssertEqual(
            report.codes,
            [
                "error trust-policy-unparseable \(F.roleARN("broken"))", "error trust-without-subject \(F.roleARN("open")) #1",
                "warning trust-without-audience \(F.roleARN("open")) #1",
            ])
    }
}

extension TrustStatementAuditTests {
    func testAStatementWhoseConditionsNoTokenOfItsIssuerMeetsIsNotUnscoped() {
        let otherKeys = F.irsa(condition: #"{"StringEquals":{"\#(F.issuerB):aud":"sts.amazonaws.com"}}"#)
        let report = F.audit(roles: [F.role("mismatch", otherKeys)])
        XCTAssertFalse(report.codes.contains { $0.contains("trust-without-subject") }, "\(report.codes)")
        XCTAssertEqual(report.accessMaps.first?.anyServiceAccount, [], "it admits nobody")
    }
}
