import Foundation
import MigrationCore
import TestSupport
import XCTest

/// The plan document carries each payload once, typed by action, and reads back to the same document.
final class StepPayloadCodingTests: XCTestCase {
    private func json(_ plan: Plan) throws -> String {
        String(decoding: try Plan.jsonEncoder().encode(plan), as: UTF8.self)
    }

    func testEveryActionReadsBackToTheSameDocument() throws {
        let kiam = try ExecutionFixtures.kiamHarness(cleanup: true).plan
        let move = try ExecutionFixtures.issuerMoveHarness(deleteOldProvider: true).plan
        let instance = try InstanceRoleFixtures.plan(cleanup: true)
        let actions = Set((kiam.steps + move.steps + instance.steps).map(\.action))
        XCTAssertEqual(actions, Set(Action.allCases), "the fixtures cover every action")
        for plan in [kiam, move, instance] {
            let text = try json(plan)
            let decoded = try Plan(json: text)
            XCTAssertEqual(try json(decoded), text)
            XCTAssertEqual(decoded.steps.map(\.id), plan.steps.map(\.id))
            XCTAssertEqual(decoded.header.options, plan.header.options)
        }
    }

    func testASwitchKeepsTheDifferenceBetweenNoAccountChangeAndTheDefaultAccount() throws {
        let workload = ObjectRef(.deployment, namespace: "shop", name: "api")
        let changes: [(WorkloadSwitch.AccountChange?, String?)] = [
            (nil, nil), (.init(from: nil, to: "api-irsa"), #""serviceAccountName":null"#),
            (.init(from: "old", to: "api-irsa"), #""serviceAccountName":"old""#),
        ]
        for (change, inverseText) in changes {
            let step = Step(
                phase: .cutover, target: .object(workload), summary: "switch",
                payload: .switchWorkload(WorkloadSwitch(previousKiamRole: "api", serviceAccount: change)))
            let text = String(decoding: try Plan.jsonEncoder().encode(step), as: UTF8.self)
            let inverse = try XCTUnwrap(text.range(of: #""inverse":"#)).upperBound
            let rest = String(text[inverse...])
            if let inverseText {
                XCTAssertTrue(rest.contains(inverseText), rest)
            } else {
                XCTAssertFalse(rest.contains("serviceAccountName"), "no change: rollback leaves the account alone: \(rest)")
            }
            XCTAssertEqual(try JSONDecoder().decode(Step.self, from: Data(text.utf8)), step)
        }
    }

    func testAStepWithoutWhatItsActionNeedsIsRefusedNamingIt() throws {
        let plan = try ExecutionFixtures.kiamHarness().plan
        var document = try JSONValue(parsing: try json(plan))
        let index = try XCTUnwrap(plan.steps.firstIndex { $0.action == .switchWorkload })
        guard case .array(var steps) = document["steps"] else { return XCTFail("steps") }
        steps[index] = steps[index].setting("inverse", to: .null)
        document = document.setting("steps", to: .array(steps))
        XCTAssertThrowsError(try Plan(json: document.serialized())) { error in
            XCTAssertTrue("\(error)".contains("steps.\(index)"), "\(error)")
            XCTAssertTrue("\(error)".contains("no previous value of iam.amazonaws.com/role"), "\(error)")
        }
    }

    func testAnIssuerMovePlanStoredWithMarkdownNotesIsRefused() throws {
        let plan = try ExecutionFixtures.issuerMoveHarness().plan
        let old = JSONValue.object(["1-accounts": .object(["title": .string("Accounts"), "lines": .strings(["None."])])])
        let document = try JSONValue(parsing: try json(plan)).setting("notes", to: old)
        XCTAssertThrowsError(try Plan(json: document.serialized())) { error in
            XCTAssertTrue("\(error)".contains("earlier irsa-migrate"), "\(error)")
            XCTAssertTrue("\(error)".contains("make the plan again"), "\(error)")
        }
    }
}
