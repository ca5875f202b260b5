import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate plan KIND ...`: read the inventory, plan, store the plan, print it.
struct PlanCommand {
    enum Kind: Equatable {
        case kiamToIRSA(KiamToIRSAOptions)
        case issuerMove(IssuerMoveOptions)
        case instanceRole(InstanceRoleOptions, ServiceAccountMap?)
    }

    var kind: Kind
    var source: SourceOption
    var state: StateOption
    var format: OutputFormat
    var strict: Bool
    var detailedExitCode: Bool
    var iacTagRules: [IaCTagRule]
    /// `plan instance-role --write-map FILE`: where the discovered starter map goes.
    var writeMap: String?

    init(_ words: [String]) throws(UsageError) {
        guard let kindWord = words.first else {
            throw UsageError("plan needs a kind: kiam-to-irsa, issuer-move or instance-role", command: "plan")
        }
        let rest = Array(words.dropFirst())
        let arguments: ParsedArguments
        switch kindWord {
        case "kiam-to-irsa":
            arguments = try ParsedArguments(rest, for: Commands.planKiam)
            kind = .kiamToIRSA(try Self.kiamOptions(arguments))
        case "issuer-move":
            arguments = try ParsedArguments(rest, for: Commands.planIssuerMove)
            kind = .issuerMove(try Self.issuerMoveOptions(arguments))
        case "instance-role":
            arguments = try ParsedArguments(rest, for: Commands.planInstanceRole)
            kind = try Self.instanceRoleKind(arguments)
            writeMap = try Self.writeMapPath(arguments)
        default:
            throw UsageError("unknown plan kind \(kindWord); use kiam-to-irsa, issuer-move or instance-role", command: "plan")
        }
        try arguments.noPositionals()
        source = try SourceOption(arguments)
        state = try StateOption(arguments)
        format = try arguments.choice(Options.planFormat)
        strict = arguments.flag(Options.strict)
        detailedExitCode = arguments.flag(Options.detailedExitCode)
        iacTagRules = try arguments.all(Options.iacOwnedTag).map { text throws(UsageError) in
            guard let rule = IaCTagRule(parsing: text) else {
                throw UsageError("--iac-owned-tag needs KEY or KEY=VALUE, not '\(text)'", command: arguments.command)
            }
            return rule
        }
    }

    static func kiamOptions(_ arguments: ParsedArguments) throws(UsageError) -> KiamToIRSAOptions {
        let base = try arguments.roleBaseARN()
        let cleanup = arguments.flag(Options.cleanup)
        let agents = arguments.all(Options.agentRole)
        if cleanup && agents.isEmpty {
            throw UsageError(
                "--cleanup needs --agent-role ARN (the kiam server role or kube2iam node role whose trust it removes)",
                command: arguments.command)
        }
        return KiamToIRSAOptions(
            issuer: try arguments.issuer(Options.issuer), roleBaseARN: base, audience: try arguments.audience(Options.audience),
            trustPolicyQuota: try arguments.integer(Options.trustPolicyQuota), cleanup: cleanup, agentRoles: agents,
            allowNamespaceForbidden: arguments.flag(Options.allowNamespaceForbidden),
            audienceGiven: arguments.isGiven(Options.audience))
    }

    static func issuerMoveOptions(_ arguments: ParsedArguments) throws(UsageError) -> IssuerMoveOptions {
        let from = try arguments.issuer(Options.from)
        let to = try arguments.issuer(Options.to)
        guard from != to else {
            throw UsageError("--from and --to name the same issuer (\(from.url)); nothing would move", command: arguments.command)
        }
        return IssuerMoveOptions(
            from: from, to: to, audience: try arguments.audience(Options.audience),
            trustPolicyQuota: try arguments.integer(Options.trustPolicyQuota),
            tokenLifetime: try arguments.integer(Options.tokenLifetime),
            deleteOldProvider: arguments.flag(Options.deleteOldProvider), copyUnscoped: arguments.flag(Options.copyUnscoped),
            audienceGiven: arguments.isGiven(Options.audience))
    }

    func run() async throws -> Int32 {
        let needsDetails = if case .instanceRole = kind { true } else { false }
        // list-roles leaves tags out; without them no role would be seen as IaC-owned.
        let inventory = try await InventorySource.read(source, authorizationDetails: needsDetails, roleTags: true)
        let createdAt = SystemClock.pinnable.now()
        var plan: Plan
        switch kind {
        case .kiamToIRSA(let options):
            plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: createdAt)
        case .issuerMove(let options):
            plan = IssuerMovePlanner(options: options).plan(inventory, createdAt: createdAt)
        case .instanceRole(let options, let map):
            plan = InstanceRolePlanner(options: options, map: map).plan(inventory, createdAt: createdAt)
            if let writeMap {
                try Self.write(InstanceRolePlanner.starterMap(inventory, nodeRoles: options.nodeRoles), to: writeMap)
            }
        }
        plan = OwnershipDetector(inventory: inventory, rules: iacTagRules).annotating(consume plan)
        let store = try SQLitePlanStore(path: state.path)
        // The id derives from kind, options, input and time: a second plan of the same input
        // within the same second is the same plan, already stored.
        var stored = try store.plan(id: plan.header.id) != nil
        do {
            if !stored { try store.save(plan, toolVersion: ToolVersion.current) }
        } catch PlanStoreError.planExists {
            stored = true  // an identical plan (same input, same second) saved it a moment ago
        }
        Rendering.write(plan, format, to: Console.out)
        let saved = stored ? "Plan \(plan.header.id) was already stored in" : "Saved plan \(plan.header.id) to"
        Console.err("\(saved) \(state.path): \(PlanTextRenderer.summaryLine(plan.summary)).")
        if strict, plan.findings.contains(where: { $0.severity == .error }) {
            Console.err("--strict: the plan has error findings; exiting 1.")
            return ExitCode.failure
        }
        if detailedExitCode { return plan.steps.isEmpty ? ExitCode.success : ExitCode.changesPlanned }
        return ExitCode.success
    }
}
