import Foundation
import MigrationCore

/// The verify phase against the real cluster and STS (docs/architecture.md, "Plan kinds", verify).
///
/// verify-workload: the rollout finished, and every pod of the current template carries
/// IRSA for the planned role (CronJobs and Jobs: the template only). verify-assume-role: a
/// fresh token's claims are allowed by the role's LIVE trust policy, evaluated locally
/// (moto evaluates nothing), and STS accepts the token; both retried under `propagation`
/// because IAM is eventually consistent.
public struct LiveVerifier: Verifier {
    public var kubectl: Kubectl
    public var gateway: LiveTargetGateway
    public var rolloutTimeout: Duration
    public var propagation: ReadBackPolicy
    /// The pod annotation each switched workload's agent read its role from (kube2iam
    /// `--iam-role-key`), from the plan's switch steps; `iam.amazonaws.com/role` otherwise.
    public var roleKeys: [ObjectRef: String] = [:]

    public init(
        kubectl: Kubectl, gateway: LiveTargetGateway, rolloutTimeout: Duration = .seconds(120),
        propagation: ReadBackPolicy = ReadBackPolicy()
    ) {
        self.kubectl = kubectl
        self.gateway = gateway
        self.rolloutTimeout = rolloutTimeout
        self.propagation = propagation
    }

    /// The role annotation keys of a plan's switch-workload steps, by workload.
    public static func roleKeys(of plan: Plan) -> [ObjectRef: String] {
        var keys: [ObjectRef: String] = [:]
        for step in plan.steps {
            guard case .switchWorkload(let change) = step.payload, let ref = step.target.objectRef else { continue }
            keys[ref] = change.annotationKey
        }
        return keys
    }

    public func verify(_ step: Step) async throws -> VerificationResult {
        switch step.payload {
        case .verifyWorkload(let check):
            guard let ref = step.target.objectRef else { return .failed("\(step.target) is not a workload reference") }
            return try await verifyWorkload(ref, check)
        case .verifyAssumeRole(let check):
            return try await verifyAssumeRole(check)
        default:
            return .failed("\(step.action.rawValue) is not a check")
        }
    }

    func verifyAssumeRole(_ plan: IdentityCheck) async throws -> VerificationResult {
        guard let account = plan.serviceAccount else {
            return VerificationResult(
                passed: true, message: "no exact service account to mint a token for; the trust was checked when planning")
        }
        let token = try await kubectl.createToken(
            namespace: account.namespace, serviceAccount: account.name, audience: plan.audience)
        guard let claims = WebIdentityToken.claims(token) else {
            return .failed("the token kubectl created for \(account) cannot be read as a JWT")
        }
        let tokenIssuer = IdentityCheck.hostAndPath(claims.iss)
        guard plan.issuer.isEmpty || tokenIssuer == IdentityCheck.hostAndPath(plan.issuer) else {
            return .failed(
                "tokens of \(account) are issued by \(claims.iss), not \(plan.issuer): the cluster does not use that issuer yet; switch it, then verify again"
            )
        }
        guard let role = ARN(plan.roleARN) else { return .failed("\(plan.roleARN) is not a role ARN") }
        let provider = ARN(
            partition: role.partition, service: "iam", account: role.account, resource: "oidc-provider/\(tokenIssuer)")
        let assumed = try await propagation.poll({
            try await assume(plan, claims: claims, token: token, provider: provider.description)
        }) {
            $0.passed
        }
        guard assumed.passed, let permissions = plan.permissions else { return assumed }
        return try await propagation.poll({ try await readBack(plan.roleARN, permissions, assumed: assumed) }) { $0.passed }
    }

    /// The role's attached and inline policies, read back and compared with the plan.
    private func readBack(_ roleARN: String, _ permissions: RolePermissions, assumed: VerificationResult) async throws
        -> VerificationResult
    {
        guard let live = try await gateway.role(roleARN) else { return .failed("role \(roleARN) does not exist") }
        let differences = permissions.differences(from: live)
        guard differences.isEmpty else {
            return .failed(
                "role \(roleARN) does not hold the planned policies: \(differences.joined(separator: "; ")); restore them (or re-plan), then verify again"
            )
        }
        let count = permissions.attachedPolicyARNs.count + permissions.inlinePolicies.count
        return VerificationResult(passed: true, message: assumed.message + "; its \(count) planned policies read back as planned")
    }

    /// One attempt: the live trust allows the claims, then STS accepts the token.
    private func assume(_ plan: IdentityCheck, claims: TokenClaims, token: String, provider: String) async throws
        -> VerificationResult
    {
        guard let text = try await gateway.trustPolicy(role: plan.roleARN) else {
            return .failed("role \(plan.roleARN) does not exist")
        }
        let evaluation = try TrustPolicy(parsing: text).allowsWebIdentity(provider: provider, claims: claims)
        guard evaluation.isAllowed else {
            return .failed(
                "the live trust policy of \(plan.roleARN) does not allow \(claims.sub) from \(claims.iss) (\(evaluation.decision.rawValue): \(evaluation.reasons.first ?? "no statement matched"))"
            )
        }
        let response: AWSCLI.WebIdentityResult
        do {
            response = try await gateway.aws(for: plan.roleARN).assumeRoleWithWebIdentity(
                roleARN: plan.roleARN, sessionName: "irsa-migrate-verify", token: token)
        } catch {
            return .failed("STS refused a token of \(claims.sub) for \(plan.roleARN): \(error)")
        }
        if let subject = response.subject, subject != claims.sub {
            return .failed("STS answered for subject \(subject), not \(claims.sub)")
        }
        if let audience = response.audience, !claims.aud.contains(audience) {
            return .failed("STS answered for audience \(audience), not \(claims.aud.joined(separator: ","))")
        }
        if let answered = response.provider, !answered.isEmpty,
            ![provider, IdentityCheck.hostAndPath(claims.iss)].contains(where: {
                answered.lowercased().hasSuffix($0.lowercased())
            })
        {
            return .failed("STS answered for provider \(answered), not \(provider)")
        }
        return VerificationResult(
            passed: true,
            message:
                "a token of \(claims.sub) from \(claims.iss) is allowed by the live trust of \(plan.roleARN) and STS accepted it")
    }
}

extension VerificationResult {
    static func failed(_ message: String) -> VerificationResult { VerificationResult(passed: false, message: message) }
}
