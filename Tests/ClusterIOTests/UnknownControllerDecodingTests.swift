import ClusterIO
import Foundation
import MigrationCore
import XCTest

/// Pods of controllers the planner does not switch are kept, naming their owner.
final class UnknownControllerDecodingTests: XCTestCase {
    static func pod(_ name: String, owner: (kind: String, name: String)) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"shop","ownerReferences":[{"apiVersion":"x/v1","kind":"\#(owner.kind)","name":"\#(owner.name)","controller":true}]},"spec":{"serviceAccountName":"default","containers":[{"name":"app","image":"app"}]}}"#
    }

    static func job(_ name: String, cronJob: String? = nil) -> String {
        let owners =
            cronJob.map { #","ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"\#($0)","controller":true}]"# }
            ?? ""
        return
            #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"\#(name)","namespace":"shop"\#(owners)},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"app"}]}}}}"#
    }

    func testPodsOfUnknownControllersAreKeptAndOthersLeftToTheirOwner() throws {
        let deployment =
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"app"}]}}}}"#
        let cronJob =
            #"{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly","namespace":"shop"},"spec":{"jobTemplate":{"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"app"}]}}}}}}"#
        let items = [
            deployment, Self.pod("web-5d4f8-abcde", owner: ("ReplicaSet", "web-5d4f8")),
            Self.pod("checkout-6c9b7-xyz12", owner: ("ReplicaSet", "checkout-6c9b7")),
            Self.pod("etl-run-1", owner: ("Workflow", "etl-run")), Self.job("report-1"),
            Self.pod("report-1-abc", owner: ("Job", "report-1")), cronJob, Self.job("nightly-1", cronJob: "nightly"),
            Self.pod("nightly-1-abc", owner: ("Job", "nightly-1")),
            // Owners missing from the list: nothing the plan changes reaches these.
            Self.pod("gone-1-abc", owner: ("Job", "gone-1")), Self.job("hourly-1", cronJob: "hourly"),
            Self.pod("hourly-1-abc", owner: ("Job", "hourly-1")),
        ]
        let list = #"{"apiVersion":"v1","kind":"List","items":[\#(items.joined(separator: ","))]}"#
        let workloads = try KubernetesListDecoder.decode(Data(list.utf8)).workloads
        XCTAssertEqual(
            workloads.map { "\($0.ref) \($0.unknownController ?? "-")" },
            [
                "cronjob/shop/nightly -", "deployment/shop/web -", "job/shop/hourly-1 CronJob/hourly", "job/shop/report-1 -",
                "pod/shop/checkout-6c9b7-xyz12 ReplicaSet/checkout-6c9b7", "pod/shop/etl-run-1 Workflow/etl-run",
                "pod/shop/gone-1-abc Job/gone-1",
            ])
    }
}
