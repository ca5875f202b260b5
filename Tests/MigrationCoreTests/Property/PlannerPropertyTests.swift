import Foundation
import MigrationCore
import TestSupport
import XCTest

/// The planners' invariants on generated estates (seeded, so a failure names a reproducible
/// case). A case is one generated role with its trust document (and, for kiam-to-irsa, its
/// workloads); cases are planned in batches of 25 roles, as estates are. `IRSA_MIGRATE_PROPERTY_CASES`
/// (default 10,000 per run, half per planner) and `IRSA_MIGRATE_PROPERTY_SEED` choose the
/// run; `make fuzz` runs many more.
///
/// (a) who can assume a role after each phase is who could before, plus exactly the planned
///     subjects through the new issuer (issuer-move: what the old issuer allowed);
/// (b) no Allow statement is written without a positive `:sub` condition; kiam-to-irsa
///     writes only exact (StringEquals) `:sub` and `:aud`;
/// (c) every role whose Allow statements name the old issuer (or whose unreadable text does)
///     is changed or named in a finding; every kiam workload is switched or named in a finding
///     (itself, or its role).
final class PlannerPropertyTests: XCTestCase {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = Int(environment["IRSA_MIGRATE_PROPERTY_CASES"] ?? "") ?? 10_000
    static let seed = UInt64(environment["IRSA_MIGRATE_PROPERTY_SEED"] ?? "") ?? 20_261_201
    static let batch = 25
    static var batches: Int { max(1, cases / 2 / batch) }
    typealias G = TrustCaseGenerator

    private var failures = 0

    private func fail(_ message: String, _ index: Int, _ inventory: Inventory) {
        failures += 1
        guard failures <= 5 else { return }
        let documents = inventory.roles.filter { message.contains($0.arn + " ") }.map {
            "\($0.arn): \($0.trustPolicyText ?? "-")"
        }.joined(separator: "\n")
        XCTFail("batch \(index) (seed \(Self.seed)): \(message)\n\(documents)")
    }

    func testIssuerMovePlansKeepTheInvariants() throws {
        var generator = G(seed: Self.seed)
        let options = IssuerMoveOptions(from: G.old, to: G.new)
        for index in 0..<Self.batches {
            let inventory = generator.issuerMoveInventory(roles: Self.batch)
            let plan = IssuerMovePlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
            let prepared = try PlanApplier.apply(plan, phases: [.prepare], to: inventory)
            let cleaned = try PlanApplier.apply(plan, phases: [.prepare, .cleanup], to: inventory)
            for (position, role) in inventory.roles.enumerated() {
                checkIssuerMove(role, prepared.roles[position], cleaned.roles[position], plan, index, inventory)
            }
        }
        XCTAssertEqual(failures, 0)
    }

    private func checkIssuerMove(
        _ role: IAMRole, _ prepared: IAMRole, _ cleaned: IAMRole, _ plan: Plan, _ index: Int, _ inventory: Inventory
    ) {
        let account = ARN(role.arn)?.account ?? ""
        let oldProvider = G.provider(G.old, account: account)
        let newProvider = G.provider(G.new, account: account)
        let named = plan.findings.contains { $0.subject == role.arn }
        let changed = plan.steps.contains { $0.target.description == role.arn }
        guard let before = try? TrustPolicy(parsing: role.trustPolicyText ?? "") else {
            let mentions = (role.trustPolicyText ?? "").lowercased().contains(G.old.host)
            if mentions && !named { fail("(c) unreadable \(role.arn) not named", index, inventory) }
            return
        }
        guard let afterPrepare = try? TrustPolicy(parsing: prepared.trustPolicyText ?? ""),
            let afterCleanup = try? TrustPolicy(parsing: cleaned.trustPolicyText ?? "")
        else { return fail("a planned document does not parse", index, inventory) }
        let probes = AccessProbe.probes(
            for: [before, afterPrepare, afterCleanup], providers: [oldProvider, newProvider])
        let allowedBefore = before.allowed(probes)
        let allowedPrepared = afterPrepare.allowed(probes)
        for probe in allowedPrepared.subtracting(allowedBefore)
        where !(probe.provider == newProvider && before.allows(probe.through(oldProvider))) {
            fail("(a) prepare of \(role.arn) also allows \(probe)", index, inventory)
        }
        for probe in afterCleanup.allowed(probes).subtracting(allowedPrepared) {
            fail("(a) cleanup of \(role.arn) allows \(probe)", index, inventory)
        }
        for added in afterPrepare.statements where added.effect == .allow && !before.contains(equivalentTo: added) {
            if !added.hasSubjectCondition(forIssuer: G.new) {
                fail("(b) \(role.arn) gets \(added.raw.serialized())", index, inventory)
            }
        }
        let mentions = before.statements.contains { statement in
            statement.effect == .allow
                && (statement.conditionIssuers.contains(G.old.hostAndPath)
                    || statement.federatedProviders.contains { $0.hasSuffix("oidc-provider/" + G.old.hostAndPath) })
        }
        if mentions && !changed && !named && !plan.roles.contains(where: { $0.arn == role.arn }) {
            fail("(c) \(role.arn) names the old issuer but is neither changed nor named in a finding", index, inventory)
        }
    }

    func testKiamPlansKeepTheInvariants() throws {
        var generator = G(seed: Self.seed &+ 1)
        let options = KiamToIRSAOptions(issuer: G.new)
        for index in 0..<Self.batches {
            let inventory = generator.kiamInventory(roles: Self.batch)
            let plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
            let prepared = try PlanApplier.apply(plan, phases: [.prepare, .cutover], to: inventory)
            for (position, role) in inventory.roles.enumerated() {
                checkKiam(role, prepared.roles[position], prepared.serviceAccounts, index, inventory)
            }
            let switched = Set(plan.steps.filter { $0.action == .switchWorkload }.map(\.target.description))
            let named = Set(plan.findings.map(\.subject))
            for workload in inventory.workloads {
                guard let role = workload.template.annotations[Annotations.kiamRole] else { continue }
                let ref = workload.ref.description
                // A finding on the role (too large, unreadable, access check) covers its workloads.
                if !switched.contains(ref) && !named.contains(ref) && !named.contains(role) {
                    fail("(c) \(ref) is neither switched nor named in a finding", index, inventory)
                }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    private func checkKiam(
        _ role: IAMRole, _ prepared: IAMRole, _ accounts: [ServiceAccount], _ index: Int, _ inventory: Inventory
    ) {
        guard let before = try? TrustPolicy(parsing: role.trustPolicyText ?? ""),
            let after = try? TrustPolicy(parsing: prepared.trustPolicyText ?? "")
        else { return }
        let provider = G.provider(G.new, account: ARN(role.arn)?.account ?? "")
        let planned = Set(
            accounts.filter { $0.annotations[Annotations.irsaRoleARN] == role.arn }.map {
                "system:serviceaccount:\($0.namespace):\($0.name)"
            })
        let probes = AccessProbe.probes(for: [before, after], providers: [provider], subjects: Array(planned))
        for probe in after.allowed(probes).subtracting(before.allowed(probes))
        where !(probe.provider == provider && planned.contains(probe.subject) && probe.audience == Annotations.defaultAudience) {
            fail("(a) \(role.arn) also allows \(probe)", index, inventory)
        }
        let key = G.new.hostAndPath.lowercased()
        for added in after.statements where !before.contains(equivalentTo: added) && added.effect == .allow {
            let exact = { (name: String) in
                added.conditions.contains {
                    $0.operator == "StringEquals" && $0.key.lowercased() == "\(key):\(name)"
                        && !$0.values.contains { $0.contains("*") || $0.contains("?") }
                }
            }
            if !exact("sub") || !exact("aud") { fail("(b) \(role.arn) gets \(added.raw.serialized())", index, inventory) }
        }
    }
}
