import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate plan KIND ...`: read the inventory, plan, store the plan, print it.
struct PlanCommand {
    enum Kind: Equatable {
        case kiamToIRSA(KiamToIRSAOptions)
        case issuerMove(IssuerMoveOptions)
    }

    var kind: Kind
    var source: SourceOption
    var state: StateOption
    var format: OutputFormat
    var strict: Bool
    var detailedExitCode: Bool

    static let commonValues: Set<String> = SourceOption.valueNames.union(StateOption.names).union([
        "format", "audience", "trust-policy-quota",
    ])
    static let commonFlags: Set<String> = ["strict", "detailed-exitcode"]

    init(_ words: [String]) throws(UsageError) {
        guard let kindWord = words.first else {
            throw UsageError("plan needs a kind: kiam-to-irsa or issuer-move", command: "plan")
        }
        let rest = Array(words.dropFirst())
        let arguments: ParsedArguments
        switch kindWord {
        case "kiam-to-irsa":
            arguments = try ParsedArguments(
                rest, command: "plan kiam-to-irsa",
                valueOptions: Self.commonValues.union(["issuer", "role-base-arn", "agent-role"]),
                flags: Self.commonFlags.union(["cleanup", "allow-namespace-forbidden"]))
            kind = .kiamToIRSA(try Self.kiamOptions(arguments))
        case "issuer-move":
            arguments = try ParsedArguments(
                rest, command: "plan issuer-move", valueOptions: Self.commonValues.union(["from", "to", "token-lifetime"]),
                flags: Self.commonFlags.union(["delete-old-provider"]))
            kind = .issuerMove(try Self.issuerMoveOptions(arguments))
        default:
            throw UsageError("unknown plan kind \(kindWord); use kiam-to-irsa or issuer-move", command: "plan")
        }
        try arguments.noPositionals()
        source = try SourceOption(arguments)
        state = try StateOption(arguments)
        format = try arguments.choice("format", default: .text, allowed: [.text, .json, .markdown])
        strict = arguments.flags.contains("strict")
        detailedExitCode = arguments.flags.contains("detailed-exitcode")
    }

    static func issuer(_ arguments: ParsedArguments, _ name: String, _ purpose: String) throws(UsageError) -> IssuerURL {
        let text = try arguments.required(name, purpose)
        guard let issuer = IssuerURL(text) else {
            throw UsageError(
                "--\(name) \(text.debugDescription) is not an https issuer URL (a host name and an optional path of letters, digits and -._~; no port, query, quote, backslash, * or ..)",
                command: arguments.command)
        }
        return issuer
    }

    static func audience(_ arguments: ParsedArguments) throws(UsageError) -> String {
        let audience = try arguments.value("audience") ?? Annotations.defaultAudience
        guard !audience.isEmpty else { throw UsageError("--audience must not be empty", command: arguments.command) }
        return audience
    }

    static func quota(_ arguments: ParsedArguments) throws(UsageError) -> Int {
        try arguments.integer("trust-policy-quota", default: PlanOptions.defaultTrustPolicyQuota, range: 256...65536)
    }

    static func kiamOptions(_ arguments: ParsedArguments) throws(UsageError) -> KiamToIRSAOptions {
        let base = try arguments.value("role-base-arn")
        if let base, ARN(base)?.service != "iam" || !(ARN(base)?.resource.hasPrefix("role/") ?? false) {
            throw UsageError(
                "--role-base-arn must look like arn:aws:iam::111122223333:role/, not \(base)", command: arguments.command)
        }
        let cleanup = arguments.flags.contains("cleanup")
        let agents = arguments.values["agent-role"] ?? []
        if cleanup && agents.isEmpty {
            throw UsageError(
                "--cleanup needs --agent-role ARN (the kiam server role or kube2iam node role whose trust it removes)",
                command: arguments.command)
        }
        return KiamToIRSAOptions(
            issuer: try issuer(arguments, "issuer", "the cluster's OIDC issuer URL"), roleBaseARN: base,
            audience: try audience(arguments), trustPolicyQuota: try quota(arguments), cleanup: cleanup, agentRoles: agents,
            allowNamespaceForbidden: arguments.flags.contains("allow-namespace-forbidden"))
    }

    func run() async throws -> Int32 {
        let inventory = try await InventorySource.read(source)
        let createdAt = SystemClock.pinnable.now()
        let plan: Plan
        switch kind {
        case .kiamToIRSA(let options):
            plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: createdAt)
        case .issuerMove(let options):
            plan = IssuerMovePlanner(options: options).plan(inventory, createdAt: createdAt)
        }
        let store = try SQLitePlanStore(path: state.path)
        // The id derives from kind, options, input and time: a second plan of the same input
        // within the same second is the same plan, already stored.
        if try store.plan(id: plan.header.id) == nil {
            try store.save(plan, toolVersion: ToolVersion.current)
        }
        Console.out(Rendering.render(plan, format))
        Console.err("Saved plan \(plan.header.id) to \(state.path): \(PlanTextRenderer.summaryLine(plan.summary)).")
        if strict, plan.findings.contains(where: { $0.severity == .error }) {
            Console.err("--strict: the plan has error findings; exiting 1.")
            return ExitCode.failure
        }
        if detailedExitCode { return plan.steps.isEmpty ? ExitCode.success : ExitCode.changesPlanned }
        return ExitCode.success
    }
}

enum ToolVersion {
    static let current = "0.1.0"
}

enum Rendering {
    static func render(_ plan: Plan, _ format: OutputFormat) -> String {
        switch format {
        case .text: PlanTextRenderer.render(plan)
        case .json: PlanJSONRenderer.render(plan)
        case .markdown: PlanMarkdownRenderer.render(plan)
        }
    }
}

extension PlanCommand {
    static func issuerMoveOptions(_ arguments: ParsedArguments) throws(UsageError) -> IssuerMoveOptions {
        let from = try issuer(arguments, "from", "the issuer URL the cluster uses now")
        let to = try issuer(arguments, "to", "the issuer URL it will use")
        guard from != to else {
            throw UsageError("--from and --to name the same issuer (\(from.url)); nothing would move", command: arguments.command)
        }
        return IssuerMoveOptions(
            from: from, to: to, audience: try audience(arguments), trustPolicyQuota: try quota(arguments),
            tokenLifetime: try arguments.integer("token-lifetime", default: 86400, range: 600...604_800),
            deleteOldProvider: arguments.flags.contains("delete-old-provider"))
    }
}
