import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class AuthorizationDetailsDecoderTests: XCTestCase {
    /// Two pages as the CLI prints them one after another: documents as objects (CLI) and as
    /// percent-encoded text (raw API), a repeated role, and a customer managed policy.
    static let pages = #"""
        {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [
          {"Path": "/", "RoleName": "eks-nodes", "Arn": "arn:aws:iam::111122223333:role/eks-nodes",
           "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
           "InstanceProfileList": [{"InstanceProfileName": "eks-nodes", "Arn": "arn:aws:iam::111122223333:instance-profile/eks-nodes"}],
           "RolePolicyList": [{"PolicyName": "PolicyExternalDNS", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "route53:*", "Resource": "*"}]}}],
           "AttachedManagedPolicies": [{"PolicyName": "AmazonEKSWorkerNodePolicy", "PolicyArn": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"}],
           "Tags": [{"Key": "team", "Value": "platform"}]}
        ], "Policies": [
          {"PolicyName": "autoscaling", "Arn": "arn:aws:iam::111122223333:policy/autoscaling", "DefaultVersionId": "v2",
           "PolicyVersionList": [{"Document": {"Version": "2012-10-17"}, "VersionId": "v1", "IsDefaultVersion": false},
                                 {"Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D", "VersionId": "v2", "IsDefaultVersion": true}]}
        ], "IsTruncated": true, "Marker": "m1"}
        {"RoleDetailList": [
          {"RoleName": "eks-nodes", "Arn": "arn:aws:iam::111122223333:role/eks-nodes"},
          {"RoleName": "app", "Arn": "arn:aws:iam::111122223333:role/app", "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D"}
        ], "Policies": [], "IsTruncated": false}
        """#

    func testPagesAreMergedAndDocumentsReadAsTheyAre() throws {
        let details = try AuthorizationDetailsDecoder.decode(Data(Self.pages.utf8))
        XCTAssertEqual(details.roles.map(\.name), ["app", "eks-nodes"])
        let node = try XCTUnwrap(details.role("arn:aws:iam::111122223333:role/eks-nodes"))
        XCTAssertEqual(node.instanceProfiles, ["arn:aws:iam::111122223333:instance-profile/eks-nodes"])
        XCTAssertEqual(node.attachedPolicies.map(\.name), ["AmazonEKSWorkerNodePolicy"])
        XCTAssertEqual(node.inlinePolicies.map(\.name), ["PolicyExternalDNS"])
        XCTAssertEqual(
            node.inlinePolicies.first?.document,
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"route53:*","Resource":"*"}]}"#)
        XCTAssertEqual(node.tags, ["team": "platform"])
        XCTAssertEqual(details.role("arn:aws:iam::111122223333:role/app")?.trustPolicyText, #"{"Version":"2012-10-17"}"#)
        XCTAssertEqual(details.policies.first?.document, #"{"Version":"2012-10-17","Statement":[]}"#, "the default version")
    }

    func testWrongDocumentsNameTheFileAndWhatWasExpected() {
        for (text, expected) in [
            ("{", "not valid JSON"), (#"{"Roles": []}"#, "expected an object with a \"RoleDetailList\" array"),
            (#"{"RoleDetailList": [{"RoleName": "x"}]}"#, "RoleDetailList[0] has no \"Arn\" string"),
            (
                #"{"RoleDetailList": [{"Arn": "a", "RolePolicyList": [{"PolicyName": "p"}]}]}"#,
                "needs a \"PolicyName\" and a \"PolicyDocument\""
            ),
        ] {
            XCTAssertThrowsError(try AuthorizationDetailsDecoder.decode(Data(text.utf8)), text) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix("iam-authorization-details.json: "), description)
                XCTAssertTrue(description.contains(expected), description)
            }
        }
    }
}
