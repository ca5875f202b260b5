import MigrationCore
import XCTest

final class IssuerURLTests: XCTestCase {
    func testNormalisation() {
        let table: [(String, String?)] = [
            ("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
            ("oidc.eks.eu-west-1.amazonaws.com/id/ABC/", "oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
            ("HTTPS://OIDC.EKS.eu-west-1.amazonaws.com/id/AbC", "oidc.eks.eu-west-1.amazonaws.com/id/AbC"),
            ("  https://d1a2b3c4d5e6f7.cloudfront.net//  ", "d1a2b3c4d5e6f7.cloudfront.net"),
            (
                "s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity-v2",
                "s3.cn-north-1.amazonaws.com.cn/222233334444-g8s-jade-oidc-pod-identity-v2"
            ),
            ("http://insecure.example.com", nil),
            ("https://host:8443/path", nil),
            ("https://host/path?query=1", nil),
            ("https://", nil),
            ("", nil),
        ]
        for (input, expected) in table {
            XCTAssertEqual(IssuerURL(input)?.hostAndPath, expected, input)
        }
        XCTAssertEqual(IssuerURL("Irsa.Golem.k8s.example.io")?.url, "https://irsa.golem.k8s.example.io")
        XCTAssertNotEqual(IssuerURL("https://h/Path"), IssuerURL("https://h/path"), "paths are case-sensitive")
        XCTAssertEqual(IssuerURL("https://H/p"), IssuerURL("h/p/"), "hosts are not")
    }

    /// Host labels and path segments, the checks a one-pass scan now makes.
    func testHostLabelsAndPathSegments() {
        let accepted = [
            "a.b", "a-b.c", "x", "h/p", "h/a/b", "h/..a", "h/...", "h/a.b", "h/a_b~c-d",
            String(repeating: "a", count: 63) + ".io",
        ]
        for input in accepted { XCTAssertNotNil(IssuerURL(input), input) }
        let refused = [
            "-a.b", "a-.b", "a..b", ".a", "a.", "a_b.c", "a*b", String(repeating: "a", count: 64) + ".io",
            "h/./p", "h/../p", "h/.", "h/..", "h//p", "h/p*", "h/p\"", "h/p\\q", "h/\u{e9}",
            String(repeating: "a.", count: 127) + "a",
        ]
        for input in refused { XCTAssertNil(IssuerURL(input), input) }
    }

    func testProviderARNsAcrossPartitions() throws {
        let issuer = try XCTUnwrap(IssuerURL("https://s3.cn-north-1.amazonaws.com.cn/bucket-v2"))
        XCTAssertEqual(
            ARN.oidcProvider(partition: "aws-cn", account: "222233334444", issuer: issuer).description,
            "arn:aws-cn:iam::222233334444:oidc-provider/s3.cn-north-1.amazonaws.com.cn/bucket-v2")
        XCTAssertEqual(ARN("arn:aws-us-gov:iam::1:role/team/app")?.roleName, "app")
        XCTAssertNil(ARN("arn:aws:iam::1")?.roleName)
        XCTAssertEqual(ARN("arn:aws:iam::1:oidc-provider/h/p")?.oidcProviderIssuer, "h/p")
    }
}
