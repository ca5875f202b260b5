import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class OIDCProvidersDecoderTests: XCTestCase {
    func testListOutputWithOptionalDetails() throws {
        let json = #"""
            {
                "OpenIDConnectProviderList": [
                    {"Arn": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"},
                    {"Arn": "arn:aws:iam::111122223333:oidc-provider/irsa.example.com", "Url": "https://irsa.example.com", "ClientIDList": ["sts.amazonaws.com"]},
                    {"Arn": "arn:aws:iam::111122223333:oidc-provider/irsa.example.com"}
                ]
            }
            """#
        let providers = try OIDCProvidersDecoder.decode(Data(json.utf8))
        XCTAssertEqual(
            providers,
            [
                OIDCProvider(
                    arn: "arn:aws:iam::111122223333:oidc-provider/irsa.example.com", url: "irsa.example.com",
                    clientIDs: ["sts.amazonaws.com"]),
                OIDCProvider(arn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
            ])
    }

    func testOneListPerAccountInARow() throws {
        let text =
            #"{"OpenIDConnectProviderList":[{"Arn":"arn:aws:iam::2:oidc-provider/a"}]}"#
            + "\n" + #"{"OpenIDConnectProviderList":[{"Arn":"arn:aws:iam::1:oidc-provider/a"}]}"#
        XCTAssertEqual(
            try OIDCProvidersDecoder.decode(Data(text.utf8)).map(\.arn),
            ["arn:aws:iam::1:oidc-provider/a", "arn:aws:iam::2:oidc-provider/a"])
        XCTAssertThrowsError(try OIDCProvidersDecoder.decode(Data((text + #"{"x":1}"#).utf8))) { error in
            XCTAssertEqual(
                "\(error)", #"oidc-providers.json: document 3: expected an object with an "OpenIDConnectProviderList" array"#)
        }
    }

    func testEmptyList() throws {
        XCTAssertEqual(try OIDCProvidersDecoder.decode(Data(#"{"OpenIDConnectProviderList": []}"#.utf8)), [])
    }

    func testBadInputsAreTypedErrors() {
        let cases: [(String, String)] = [
            (#"{"Roles": []}"#, #"oidc-providers.json: expected an object with an "OpenIDConnectProviderList" array"#),
            (
                #"{"OpenIDConnectProviderList": [{"Url": "x"}]}"#,
                #"oidc-providers.json: OpenIDConnectProviderList[0] has no "Arn""#
            ),
            (
                #"{"OpenIDConnectProviderList": [{"Arn": 7}]}"#,
                "oidc-providers.json: expected a string at OpenIDConnectProviderList[0].Arn"
            ),
        ]
        for (input, expected) in cases {
            XCTAssertThrowsError(try OIDCProvidersDecoder.decode(Data(input.utf8))) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }
}
