import MigrationCore
import XCTest

final class ServiceAccountMapTests: XCTestCase {
    func testBareMapAndClusterConfigReadTheSameEntries() throws {
        let entry =
            #"{"metadata": {"name": "external-dns", "namespace": "kube-system"}, "attachPolicyARNs": ["arn:aws:iam::111122223333:policy/dns"], "permissionsBoundary": "arn:aws:iam::111122223333:policy/boundary", "tags": {"team": "platform"}, "attachPolicy": {"Version": "2012-10-17", "Statement": []}}"#
        let bare = try ServiceAccountMap(parsing: #"{"serviceAccounts": [\#(entry)]}"#)
        let config = try ServiceAccountMap(
            parsing:
                #"{"apiVersion": "eksctl.io/v1alpha5", "kind": "ClusterConfig", "iam": {"withOIDC": true, "serviceAccounts": [\#(entry)]}}"#
        )
        XCTAssertEqual(
            bare.entries,
            config.entries.map {
                var e = $0; e.location = "serviceAccounts[0]"; return e
            })
        let read = try XCTUnwrap(bare.entries.first)
        XCTAssertEqual(read.account, .serviceAccount("kube-system", "external-dns"))
        XCTAssertEqual(read.attachPolicyARNs, ["arn:aws:iam::111122223333:policy/dns"])
        XCTAssertEqual(read.permissionsBoundary, "arn:aws:iam::111122223333:policy/boundary")
        XCTAssertEqual(read.tags, ["team": "platform"])
        XCTAssertNotNil(read.attachPolicy)
        XCTAssertFalse(read.detachFromNodeRole)
        XCTAssertTrue(bare.digest.hasPrefix("sha256:"))
        XCTAssertEqual(config.entries.first?.location, "iam.serviceAccounts[0]")
    }

    func testMissingNamespaceIsDefaultAsInEksctl() throws {
        let map = try ServiceAccountMap(parsing: #"{"serviceAccounts": [{"metadata": {"name": "app"}}]}"#)
        XCTAssertEqual(map.entries.first?.account, .serviceAccount("default", "app"))
    }

    func testBadInputIsOneLineNamingTheEntryAndMember() {
        let cases: [(String, String)] = [
            ("{", "not valid JSON"),
            (#"{"clusters": []}"#, "expected {\"serviceAccounts\": [...]}"),
            (#"{"serviceAccounts": {}}"#, "serviceAccounts must be an array"),
            (#"{"serviceAccounts": [{"metadata": {}}]}"#, "serviceAccounts[0].metadata.name must be a non-empty string"),
            (
                #"{"serviceAccounts": [{"metadata": {"name": "a"}, "attachPolicyARNs": "arn"}]}"#,
                "serviceAccounts[0].attachPolicyARNs must be an array"
            ),
            (
                #"{"serviceAccounts": [{"metadata": {"name": "a"}, "wellKnownPolicies": {"autoScaler": true}}]}"#,
                "serviceAccounts[0].wellKnownPolicies is not supported"
            ),
            (
                #"{"serviceAccounts": [{"metadata": {"name": "a"}, "roleNmae": "x"}]}"#,
                "serviceAccounts[0].roleNmae is not a known member"
            ),
            (#"{"serviceAccounts": [{"roleName": "a"}]}"#, "needs metadata (name, namespace) or workload"),
            (#"{"serviceAccounts": [{"workload": "a/b"}]}"#, "workload must be KIND/NAMESPACE/NAME"),
            (
                #"{"serviceAccounts": [{"metadata": {"name": "a"}, "attachPolicy": "x"}]}"#,
                "attachPolicy must be a policy document"
            ),
            (
                #"{"serviceAccounts": [{"metadata": {"name": "a"}, "detachFromNodeRole": "yes"}]}"#,
                "detachFromNodeRole must be true or false"
            ),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ServiceAccountMap(parsing: text), text) { error in
                let message = (error as? ServiceAccountMapError)?.message ?? ""
                XCTAssertTrue(message.contains(expected), "\(text): \(message)")
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }
}
