import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class SnapshotTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "irsa-snapshot-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private var sample: RawInventory {
        RawInventory(
            kubernetesJSON: Data(KubernetesFixtures.list.utf8), iamRolesJSON: Data(IAMRolesDecoderTests.listRoles.utf8),
            oidcProvidersJSON: Data(
                #"{"OpenIDConnectProviderList":[{"Arn":"arn:aws:iam::111122223333:oidc-provider/irsa.example.com"}]}"#.utf8))
    }

    func testWriteThenReadRoundTripsBytesAndInventory() throws {
        try SnapshotWriter(directory: directory + "/nested").write(sample)
        let reader = SnapshotReader(directory: directory + "/nested")
        XCTAssertEqual(try reader.readRaw(), sample)
        let inventory = try reader.read()
        XCTAssertEqual(inventory, try sample.decode())
        XCTAssertEqual(inventory.workloads.count, 6)
        XCTAssertEqual(inventory.roles.count, 4)
        XCTAssertEqual(inventory.oidcProviders?.map(\.arn), ["arn:aws:iam::111122223333:oidc-provider/irsa.example.com"])
    }

    func testMissingProvidersFileMeansUnknownProviders() throws {
        var raw = sample
        try SnapshotWriter(directory: directory).write(raw)
        raw.oidcProvidersJSON = nil
        try SnapshotWriter(directory: directory).write(raw)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/oidc-providers.json"), "a stale file is removed")
        XCTAssertNil(try SnapshotReader(directory: directory).read().oidcProviders)
    }

    func testMissingDirectoryAndFilesSayHowToFixIt() throws {
        XCTAssertThrowsError(try SnapshotReader(directory: directory).read()) { error in
            XCTAssertEqual(error as? SnapshotError, .missingDirectory(directory))
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        XCTAssertThrowsError(try SnapshotReader(directory: directory).read()) { error in
            XCTAssertEqual(
                "\(error)",
                "snapshot \(directory) has no kubernetes.json; write one with: kubectl get namespaces,serviceaccounts,deployments,statefulsets,daemonsets,cronjobs,jobs,pods -A -o json > \(directory)/kubernetes.json"
            )
        }
        try Data(KubernetesFixtures.list.utf8).write(to: URL(fileURLWithPath: directory + "/kubernetes.json"))
        XCTAssertThrowsError(try SnapshotReader(directory: directory).read()) { error in
            XCTAssertEqual(
                "\(error)",
                "snapshot \(directory) has no iam-roles.json; write one with: aws iam list-roles --output json > \(directory)/iam-roles.json"
            )
        }
    }

    func testABrokenLinkOrAnOddFileIsAnErrorNotAbsent() throws {
        try SnapshotWriter(directory: directory).write(sample)
        let providers = directory + "/oidc-providers.json"
        try FileManager.default.removeItem(atPath: providers)
        for (make, expected) in [
            ({ try FileManager.default.createSymbolicLink(atPath: providers, withDestinationPath: "missing.json") }, "dangling"),
            ({ try FileManager.default.createSymbolicLink(atPath: providers, withDestinationPath: providers) }, "loop"),
            ({ try FileManager.default.createDirectory(atPath: providers, withIntermediateDirectories: false) }, "a directory"),
            ({ XCTAssertEqual(mkfifo(providers, 0o600), 0) }, "FIFO"),
        ] as [(() throws -> Void, String)] {
            try make()
            XCTAssertThrowsError(try SnapshotReader(directory: directory).read()) { error in
                XCTAssertTrue("\(error)".contains("oidc-providers.json") && "\(error)".contains(expected), "\(error)")
            }
            try FileManager.default.removeItem(atPath: providers)
        }
    }

    func testKubernetesParseErrorsCarryAByteOffsetAndDeepNestingIsRefused() throws {
        var raw = sample
        raw.kubernetesJSON = Data(#"{"kind": "List", "items": [}"#.utf8)
        XCTAssertThrowsError(try raw.decode()) { error in
            XCTAssertTrue("\(error)".contains("kubernetes.json: not valid JSON") && "\(error)".contains("at byte 27"), "\(error)")
        }
        let unclosed = Data(String(repeating: "[", count: 600).utf8)
        var deepKubernetes = sample
        deepKubernetes.kubernetesJSON = unclosed
        var deepProviders = sample
        deepProviders.oidcProvidersJSON = unclosed
        for deep in [deepKubernetes, deepProviders] {
            XCTAssertThrowsError(try deep.decode()) { error in
                XCTAssertTrue("\(error)".contains("nested deeper than 200 levels at byte 200"), "\(error)")
            }
        }
    }

    func testDecodeErrorsNameTheFile() throws {
        var raw = sample
        raw.iamRolesJSON = Data("{}".utf8)
        try SnapshotWriter(directory: directory).write(raw)
        XCTAssertThrowsError(try SnapshotReader(directory: directory).read()) { error in
            XCTAssertTrue("\(error)".hasPrefix("snapshot file iam-roles.json: expected an object"), "\(error)")
        }
    }
}
