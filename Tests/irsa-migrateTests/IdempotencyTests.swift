import ClusterIO
import Foundation
import MigrationCore
import TestSupport
import XCTest

@testable import irsa_migrate

/// Plan, apply the planned changes to the snapshot in memory, plan again: nothing is left.
final class IdempotencyTests: XCTestCase {
    let time = Fixtures.pinnedTime

    func testIssuerMoveCasesHaveNoPrepareStepsAfterPrepare() throws {
        for name in try cases("issuer-move") {
            let (inventory, arguments) = try load("issuer-move", name)
            let command = try PlanCommand(["issuer-move", "--snapshot", "x"] + arguments)
            guard case .issuerMove(let options) = command.kind else { return XCTFail(name) }
            let planner = IssuerMovePlanner(options: options)
            let first = planner.plan(inventory, createdAt: time)
            let second = planner.plan(try PlanApplier.apply(first, phases: [.prepare], to: inventory), createdAt: time)
            let prepareLeft: [String] = second.steps.filter { $0.phase == Phase.prepare }.map { $0.id }
            XCTAssertEqual(prepareLeft, [], "\(name): running prepare twice adds nothing")
            let cleanupBefore: [String] = first.steps.filter { $0.phase == Phase.cleanup }.map { $0.target.description }
            let cleanupAfter: [String] = second.steps.filter { $0.phase == Phase.cleanup }.map { $0.target.description }
            XCTAssertEqual(cleanupAfter, cleanupBefore, "\(name): cleanup still removes the same old-issuer trust")
        }
    }

    func testKiamCasesHaveNoStepsAfterPrepareAndCutover() throws {
        for name in try cases("kiam-to-irsa") {
            let (inventory, arguments) = try load("kiam-to-irsa", name)
            let command = try PlanCommand(["kiam-to-irsa", "--snapshot", "x"] + arguments)
            guard case .kiamToIRSA(let options) = command.kind else { return XCTFail(name) }
            let planner = KiamToIRSAPlanner(options: options)
            let first = planner.plan(inventory, createdAt: time)
            let second = planner.plan(
                try PlanApplier.apply(first, phases: [.prepare, .cutover], to: inventory), createdAt: time)
            let left: [String] = second.steps.filter { $0.phase == Phase.prepare || $0.phase == Phase.cutover }.map { $0.id }
            XCTAssertEqual(left, [], "\(name): nothing left to prepare or switch")
        }
    }

    private func cases(_ kind: String) throws -> [String] {
        let root = TestPaths.repository.appendingPathComponent("Tests/Golden/\(kind)")
        return try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/args").path)
        }.sorted()
    }

    private func load(_ kind: String, _ name: String) throws -> (Inventory, [String]) {
        let folder = TestPaths.repository.appendingPathComponent("Tests/Golden/\(kind)/\(name)")
        let inventory = try SnapshotReader(directory: folder.appendingPathComponent("input").path).read()
        let arguments = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).map(String.init)
        return (inventory, arguments)
    }
}
