import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class IAMRolesDecoderTests: XCTestCase {
    /// `aws iam list-roles --output json` as CLI v1 prints it: the trust document decoded
    /// into an object (re-indented, key order kept), plus a role whose stored text is not
    /// valid JSON (so the CLI returns it URL-encoded) and a role from a second account.
    static let listRoles = #"""
        {
            "Roles": [
                {
                    "Path": "/service/",
                    "RoleName": "orders-api",
                    "RoleId": "AROAEXAMPLE000000001",
                    "Arn": "arn:aws:iam::111122223333:role/service/orders-api",
                    "CreateDate": "2024-03-01T10:00:00+00:00",
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "kiam",
                                "Effect": "Allow",
                                "Principal": {"AWS": "arn:aws:iam::111122223333:role/kiam-server"},
                                "Action": "sts:AssumeRole"
                            }
                        ]
                    },
                    "Description": "orders API",
                    "MaxSessionDuration": 3600
                },
                {
                    "Path": "/",
                    "RoleName": "broken",
                    "RoleId": "AROAEXAMPLE000000002",
                    "Arn": "arn:aws:iam::111122223333:role/broken",
                    "CreateDate": "2024-03-01T10:00:00+00:00",
                    "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22",
                    "MaxSessionDuration": 3600
                },
                {
                    "Path": "/",
                    "RoleName": "reports",
                    "RoleId": "AROAEXAMPLE000000003",
                    "Arn": "arn:aws:iam::444455556666:role/reports",
                    "CreateDate": "2024-03-01T10:00:00+00:00",
                    "AssumeRolePolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Principal%22%3A%7B%22Federated%22%3A%22arn%3Aaws%3Aiam%3A%3A444455556666%3Aoidc-provider%2Foidc.example.com%2Fid%2FABC%22%7D%2C%22Effect%22%3A%22Allow%22%2C%22Condition%22%3A%7B%22StringEquals%22%3A%7B%22oidc.example.com%2Fid%2FABC%3Asub%22%3A%22system%3Aserviceaccount%3Abatch%3Areporter%22%7D%7D%2C%22Action%22%3A%22sts%3AAssumeRoleWithWebIdentity%22%7D%5D%2C%22Version%22%3A%222012-10-17%22%7D",
                    "MaxSessionDuration": 3600
                },
                {
                    "Path": "/",
                    "RoleName": "orders-api",
                    "Arn": "arn:aws:iam::111122223333:role/service/orders-api",
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}
                },
                {
                    "Path": "/",
                    "RoleName": "no-trust",
                    "Arn": "arn:aws:iam::111122223333:role/no-trust"
                }
            ]
        }
        """#

    private func decodeFixture() throws -> [IAMRole] {
        try IAMRolesDecoder.decode(Data(Self.listRoles.utf8))
    }

    func testSortedByARNWithDuplicatesRemoved() throws {
        let roles = try decodeFixture()
        XCTAssertEqual(
            roles.map(\.arn),
            [
                "arn:aws:iam::111122223333:role/broken", "arn:aws:iam::111122223333:role/no-trust",
                "arn:aws:iam::111122223333:role/service/orders-api", "arn:aws:iam::444455556666:role/reports",
            ])
        let orders = roles[2]
        XCTAssertEqual(orders.name, "orders-api")
        XCTAssertEqual(orders.path, "/service/")
        XCTAssertNil(roles[1].trustPolicyText)
    }

    func testObjectDocumentKeepsKeyOrderExactly() throws {
        let orders = try decodeFixture()[2]
        XCTAssertEqual(
            orders.trustPolicyText,
            #"{"Version":"2012-10-17","Statement":[{"Sid":"kiam","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/kiam-server"},"Action":"sts:AssumeRole"}]}"#
        )
    }

    func testURLEncodedDocumentIsDecodedKeepingItsUnusualKeyOrder() throws {
        let reports = try decodeFixture()[3]
        XCTAssertEqual(
            reports.trustPolicyText,
            #"{"Statement":[{"Principal":{"Federated":"arn:aws:iam::444455556666:oidc-provider/oidc.example.com/id/ABC"},"Effect":"Allow","Condition":{"StringEquals":{"oidc.example.com/id/ABC:sub":"system:serviceaccount:batch:reporter"}},"Action":"sts:AssumeRoleWithWebIdentity"}],"Version":"2012-10-17"}"#
        )
    }

    func testEncodedAndObjectFormsOfOneDocumentGiveTheSameText() throws {
        let document =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let encoded = document.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let asObject = #"{"Roles":[{"Arn":"arn:aws:iam::1:role/a","AssumeRolePolicyDocument":\#(document)}]}"#
        let asString = #"{"Roles":[{"Arn":"arn:aws:iam::1:role/a","AssumeRolePolicyDocument":"\#(encoded)"}]}"#
        let first = try IAMRolesDecoder.decode(Data(asObject.utf8))
        let second = try IAMRolesDecoder.decode(Data(asString.utf8))
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.first?.trustPolicyText, document)
    }

    func testTextThatIsNotJSONIsKeptDecoded() throws {
        let broken = try decodeFixture()[0]
        XCTAssertEqual(broken.trustPolicyText, #"{"Version":"2012-10-17","Statement":[{"Effect""#)
    }

    func testPlusSignsAndBadEscapesSurvivePercentDecoding() throws {
        let json = #"{"Roles":[{"Arn":"arn:aws:iam::1:role/a","AssumeRolePolicyDocument":"%7B%22a%22%3A%22x+y%20z%ZZ%22%7D"}]}"#
        let role = try XCTUnwrap(try IAMRolesDecoder.decode(Data(json.utf8)).first)
        XCTAssertEqual(role.trustPolicyText, #"{"a":"x+y z%ZZ"}"#)
    }

    func testMultibyteCharactersArePercentDecodedAsUTF8() throws {
        let json = #"{"Roles":[{"Arn":"arn:aws:iam::1:role/a","AssumeRolePolicyDocument":"%7B%22Sid%22%3A%22caf%C3%A9%22%7D"}]}"#
        XCTAssertEqual(try IAMRolesDecoder.decode(Data(json.utf8)).first?.trustPolicyText, #"{"Sid":"café"}"#)
    }

    func testGetRoleOutput() throws {
        let json =
            #"{"Role":{"Path":"/","RoleName":"a","Arn":"arn:aws:iam::1:role/a","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[]}}}"#
        let role = try IAMRolesDecoder.decodeGetRole(Data(json.utf8))
        XCTAssertEqual(
            role, IAMRole(arn: "arn:aws:iam::1:role/a", name: "a", trustPolicyText: #"{"Version":"2012-10-17","Statement":[]}"#))
    }

    func testBadInputsAreTypedErrors() {
        let cases: [(String, String)] = [
            ("[]", #"iam-roles.json: expected an object with a "Roles" array, as 'aws iam list-roles --output json' prints"#),
            (#"{"Roles":[{"RoleName":"x"}]}"#, #"iam-roles.json: Roles[0] has no "Arn" string"#),
            (#"{"Roles":["#, "iam-roles.json: not valid JSON: unexpected end of input at byte 10"),
            ("", "iam-roles.json: not valid JSON: unexpected end of input at byte 0"),
        ]
        for (input, expected) in cases {
            XCTAssertThrowsError(try IAMRolesDecoder.decode(Data(input.utf8))) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    func testSeveralListOutputsInARow() throws {
        let first = #"{"Roles":[{"Arn":"arn:aws:iam::2:role/b","AssumeRolePolicyDocument":"%7B%7D"}]}"#
        let second = #"{"Roles":[{"Arn":"arn:aws:iam::1:role/a\\\"}]\"","AssumeRolePolicyDocument":{}}]}"#
        let roles = try IAMRolesDecoder.decode(Data((first + "\n" + second + "\n").utf8))
        XCTAssertEqual(roles.map(\.arn), [#"arn:aws:iam::1:role/a\"}]""#, "arn:aws:iam::2:role/b"])
        XCTAssertThrowsError(try IAMRolesDecoder.decode(Data((first + #"{"Roles":[}"#).utf8))) { error in
            XCTAssertEqual("\(error)", "iam-roles.json: document 2: not valid JSON: unexpected character at byte 10")
        }
    }

    /// Scale check for the order-preserving parser, without a timing assertion.
    func testFiveThousandRoles() throws {
        var text = #"{"Roles":["#
        for index in 0..<5_000 {
            if index > 0 { text += "," }
            text += #"""
                {"Path":"/","RoleName":"role-\#(index)","RoleId":"AROA\#(index)","Arn":"arn:aws:iam::111122223333:role/role-\#(index)","CreateDate":"2024-03-01T10:00:00+00:00","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/kiam-server"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF:sub":"system:serviceaccount:ns-\#(index):sa","oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF:aud":"sts.amazonaws.com"}}}]},"Description":"role \#(index)","MaxSessionDuration":3600}
                """#
        }
        text += "]}"
        let roles = try IAMRolesDecoder.decode(Data(text.utf8))
        XCTAssertEqual(roles.count, 5_000)
        XCTAssertTrue(
            roles.allSatisfy { $0.trustPolicyText?.hasPrefix(#"{"Version":"2012-10-17","Statement":[{"Effect""#) ?? false })
    }
}
