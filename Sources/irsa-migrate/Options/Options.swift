import MigrationCore

/// Every option of the tool, each declared once (name, value, help); `Commands` says which
/// command takes which.
enum Options {
    // MARK: shared

    static let state = OptionSpec("state", .file(placeholder: "FILE"), default: "irsa-migrate.db", help: "the state file")
    static let plan = OptionSpec(
        "plan", .text(placeholder: "ID"), help: "the stored plan (default the newest); a prefix of its id will do")

    static let planFormat = format([.text, .json, .markdown], default: .text)
    static let statusFormat = format([.text, .json], default: .text)
    static let reportFormat = format([.markdown, .json], default: .markdown)

    private static func format(_ allowed: [OutputFormat], default fallback: OutputFormat) -> OptionSpec {
        OptionSpec(
            "format", .choice(allowed.map(\.rawValue)), default: fallback.rawValue, help: "how to print the result")
    }

    // MARK: where the inventory comes from

    static let snapshot = OptionSpec(
        "snapshot", .directory(placeholder: "DIR"),
        help: "read the inventory from files ('irsa-migrate snapshot', or by hand: see the README)")
    static let context = OptionSpec("context", .text(placeholder: "NAME"), help: "the kubeconfig context")
    static let kubeconfig = OptionSpec("kubeconfig", .file(placeholder: "FILE"), help: "the kubeconfig file")
    static let profile = OptionSpec(
        "profile", .text(placeholder: "NAME"), repeatable: true,
        help: "an AWS profile, one per account that owns roles; none: the default chain")
    static let region = OptionSpec("region", .text(placeholder: "NAME"), help: "the AWS region")
    static let awsEndpointURL = OptionSpec(
        "aws-endpoint-url", .text(placeholder: "URL"), help: "send AWS calls to this endpoint (an emulator, say)")
    static let kubectl = OptionSpec("kubectl", .file(placeholder: "PATH"), default: "kubectl", help: "the kubectl to run")
    static let aws = OptionSpec("aws", .file(placeholder: "PATH"), default: "aws", help: "the aws CLI to run")
    /// The live clients' options, passed through to kubectl and aws.
    static let live = [context, kubeconfig, profile, region, awsEndpointURL, kubectl, aws]

    // MARK: plan

    static let issuer = OptionSpec(
        "issuer", .text(placeholder: "URL"), help: "the cluster's OIDC issuer (e.g. https://oidc.eks.REGION.amazonaws.com/id/HEX)"
    )
    static let roleBaseARN = OptionSpec(
        "role-base-arn", .text(placeholder: "ARN"),
        help: "prepended to role names in annotations (kiam --role-base-arn, kube2iam --base-role-arn),",
        "e.g. arn:aws:iam::111122223333:role/")
    static let audience = OptionSpec(
        "audience", .text(placeholder: "AUD"), default: Annotations.defaultAudience, help: "token audience and client id")
    static let trustPolicyQuota = OptionSpec(
        "trust-policy-quota", .integer(placeholder: "N", range: 256...65536),
        default: String(PlanOptions.defaultTrustPolicyQuota), help: "the account's trust policy size quota")
    static let cleanup = OptionSpec("cleanup", .none, help: "also plan the cleanup phase; needs --agent-role")
    static let allowNamespaceForbidden = OptionSpec(
        "allow-namespace-forbidden", .none, help: "also plan workloads whose namespace forbids their role",
        "today (moving them grants access they do not have)")
    static let agentRole = OptionSpec(
        "agent-role", .text(placeholder: "ARN"), repeatable: true, help: "the kiam server role or kube2iam node role")
    static let nodeRole = OptionSpec(
        "node-role", .text(placeholder: "ARN"), repeatable: true,
        help: "the node instance role whose permissions pods get today; without it, candidates are proposed")
    static let serviceAccounts = OptionSpec(
        "service-accounts", .text(placeholder: "FILE"),
        help: "the map (JSON, eksctl's iam.serviceAccounts): which service account gets which policies")
    static let writeMap = OptionSpec(
        "write-map", .file(placeholder: "FILE"),
        help: "without --service-accounts: write a starter map of the workloads that look like they",
        "call AWS through the node role, for review (nothing is planned)")
    static let nodeRoleCleanup = OptionSpec(
        "cleanup", .none, help: "also plan the cleanup phase: detach the policies of entries with detachFromNodeRole",
        "from the node role")
    static let from = OptionSpec("from", .text(placeholder: "URL"), help: "the issuer URL the cluster uses now")
    static let to = OptionSpec("to", .text(placeholder: "URL"), help: "the issuer URL it will use")
    static let tokenLifetime = OptionSpec(
        "token-lifetime", .integer(placeholder: "SECONDS", range: 600...604_800),
        default: String(IssuerMoveOptions.defaultTokenLifetime),
        help: "how long old tokens stay valid after the switch")
    static let deleteOldProvider = OptionSpec(
        "delete-old-provider", .none, help: "also delete the old provider in cleanup when nothing uses it")
    static let copyUnscoped = OptionSpec(
        "copy-unscoped", .none, help: "scope copies of statements without a :sub condition to every",
        "service account (system:serviceaccount:*:*), not only to those annotated with the role")
    static let strict = OptionSpec("strict", .none, help: "exit 1 when the plan has error findings")
    static let detailedExitCode = OptionSpec(
        "detailed-exitcode", .none, help: "exit 0 when nothing changes, 2 when changes are planned")
    static let applyDetailedExitCode = OptionSpec(
        "detailed-exitcode", .none, help: "exit 2 when steps wait for a GitOps or IaC sync (0 when none waits)")

    // MARK: apply, verify, rollback

    static let phase = OptionSpec(
        "phase", .choice(Phase.allCases.map(\.rawValue)), repeatable: true,
        help: "run only these phases; default prepare, cutover and verify.", "cleanup runs only when asked for by name.")
    static let only = OptionSpec(
        "only", .text(placeholder: "REF"), help: "one workload (deployment/NS/NAME), its checks and what it depends on")
    static let namespace = OptionSpec(
        "namespace", .text(placeholder: "NS"), help: "the steps on objects of one namespace and what they depend on")
    static let patchOwned = OptionSpec(
        "patch-owned", .none, help: "patch targets a GitOps tool or IaC owns, live, instead of waiting for",
        "their sync (for a paused sync; the owner reverts the patch otherwise)")
    static let concurrency = OptionSpec(
        "concurrency", .integer(placeholder: "N", range: 1...64), default: "4", help: "steps in flight at once")
    static let rolloutTimeout = OptionSpec(
        "rollout-timeout", .integer(placeholder: "S", range: 1...86400), default: "120",
        help: "how long verify waits for a rollout, in seconds")
    static let force = OptionSpec(
        "force", .none, help: "run gated cleanup steps before the token lifetime has passed")
    static let yes = OptionSpec("yes", .none, help: "do not ask")
    static let steps = OptionSpec(
        "steps", .integer(placeholder: "N", range: 1...100_000), help: "the last N applied steps")
    static let toPosition = OptionSpec(
        "to", .integer(placeholder: "POSITION", range: 0...100_000), help: "every applied step after POSITION")
    static let workload = OptionSpec(
        "workload", .text(placeholder: "REF"), help: "one workload's steps, and the steps only it needed")
    static let all = OptionSpec("all", .none, help: "every applied step")

    // MARK: audit

    static let auditIssuer = OptionSpec(
        "issuer", .text(placeholder: "URL"), repeatable: true,
        help: "an issuer a cluster uses now; enables the checks for trust", "of issuers no cluster uses")
    static let auditFormat = OptionSpec(
        "format", .choice(["text", "json", "markdown", "sarif"]), default: "text",
        help: "how to print the findings (sarif: SARIF 2.1.0 for CI)")
    static let failOn = OptionSpec(
        "fail-on", .choice(["error", "warning"]), default: "error", help: "exit 1 when a finding is at least this severe")
    static let auditAgentRole = OptionSpec(
        "agent-role", .text(placeholder: "ARN"), repeatable: true,
        help: "a kiam server or kube2iam node role (roles named", "*kiam* are taken to be agents anyway)")
    static let auditAudience = OptionSpec(
        "audience", .text(placeholder: "AUD"), default: Annotations.defaultAudience,
        help: "the audience of tokens whose service account has no", "eks.amazonaws.com/audience annotation")

    // MARK: report, snapshot

    static let reportOut = OptionSpec("out", .file(placeholder: "FILE"), help: "write the report here instead of stdout")
    static let snapshotOut = OptionSpec(
        "out", .directory(placeholder: "DIR"), help: "the directory to write the snapshot into")

    // MARK: GitOps and infrastructure as code

    static let iacOwnedTag = OptionSpec(
        "iac-owned-tag", .text(placeholder: "KEY[=VALUE]"), repeatable: true,
        help: "a role tag that marks the role as owned by your infrastructure as code",
        "(CloudFormation's stack tag and Terraform's usual tags are read anyway)")
    static let rollbackPatchOwned = OptionSpec(
        "patch-owned", .none, help: "undo steps on targets a GitOps tool or IaC owns live, instead of",
        "printing their inverse files (for a paused sync)")
    static let rollbackOut = OptionSpec(
        "out", .directory(placeholder: "DIR"), help: "write the inverse files of owned steps here instead of stdout")
    static let exportOut = OptionSpec(
        "out", .directory(placeholder: "DIR"), help: "the directory to write the files into (created if missing)")
    static let includeAuthorizationDetails = OptionSpec(
        "include-authorization-details", .none,
        help: "also write iam-authorization-details.json (one", "get-account-authorization-details per account), which",
        "'plan instance-role' reads")
}
