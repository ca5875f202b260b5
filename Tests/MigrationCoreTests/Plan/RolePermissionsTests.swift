import MigrationCore
import XCTest

/// verify's read-back of an instance-role role: what it lacks, what it has beyond the plan.
final class RolePermissionsTests: XCTestCase {
    let document = try! JSONValue(
        parsing: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
    let managed = "arn:aws:iam::111122223333:policy/autoscaling"

    func planned(exact: Bool = true) -> RolePermissions {
        RolePermissions(attachedPolicyARNs: [managed], inlinePolicies: ["copied": document], exact: exact)
    }

    func testAsPlannedHasNoDifferenceWhateverTheKeyOrderOrSpacing() {
        let live = RoleState(
            trustPolicy: "{}", attachedPolicyARNs: [managed],
            inlinePolicies: [
                "copied":
                    #"{ "Statement": [{"Resource":"*","Action":"s3:GetObject","Effect":"Allow"}], "Version": "2012-10-17" }"#
            ])
        XCTAssertEqual(planned().differences(from: live), [])
    }

    func testMissingChangedAndExtraPoliciesAreEachNamed() {
        let live = RoleState(
            trustPolicy: "{}", attachedPolicyARNs: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            inlinePolicies: ["copied": #"{"Version":"2012-10-17","Statement":[]}"#, "extra": "{}"])
        XCTAssertEqual(
            planned().differences(from: live),
            [
                "\(managed) is not attached", "inline policy copied differs from the plan",
                "arn:aws:iam::aws:policy/AdministratorAccess is attached but not planned", "inline policy extra is not planned",
            ])
    }

    func testAReusedRoleMayKeepItsOwnPolicies() {
        let live = RoleState(
            trustPolicy: "{}", attachedPolicyARNs: [managed, "arn:aws:iam::111122223333:policy/own"],
            inlinePolicies: ["copied": document.serialized(), "own": "{}"])
        XCTAssertEqual(planned(exact: false).differences(from: live), [])
    }
}
