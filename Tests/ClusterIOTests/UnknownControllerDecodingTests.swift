import ClusterIO
import Foundation
import MigrationCore
import XCTest

/// Pods of controllers the planner does not switch are kept, naming their owner.
final class UnknownControllerDecodingTests: XCTestCase {
    static func pod(_ name: String, owner: (kind: String, name: String)) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"shop","ownerReferences":[{"apiVersion":"x/v1","kind":"\#(owner.kind)","name":"\#(owner.name)","controller":true}]},"spec":{"serviceAccountName":"default","containers":[{"name":"app","image":"app"}]}}"#
    }

    func testPodsOfUnknownControllersAreKeptAndOthersLeftToTheirOwner() throws {
        let deployment =
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"app"}]}}}}"#
        let items = [
            deployment, Self.pod("web-5d4f8-abcde", owner: ("ReplicaSet", "web-5d4f8")),
            Self.pod("checkout-6c9b7-xyz12", owner: ("ReplicaSet", "checkout-6c9b7")),
            Self.pod("etl-run-1", owner: ("Workflow", "etl-run")), Self.pod("report-1-abc", owner: ("Job", "report-1")),
        ]
        let list = #"{"apiVersion":"v1","kind":"List","items":[\#(items.joined(separator: ","))]}"#
        let workloads = try KubernetesListDecoder.decode(Data(list.utf8)).workloads
        XCTAssertEqual(
            workloads.map { "\($0.ref) \($0.unknownController ?? "-")" },
            [
                "deployment/shop/web -", "pod/shop/checkout-6c9b7-xyz12 ReplicaSet/checkout-6c9b7",
                "pod/shop/etl-run-1 Workflow/etl-run",
            ])
    }
}
