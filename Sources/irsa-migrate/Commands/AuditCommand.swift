import ClusterIO
import Foundation
import MigrationCore

/// `irsa-migrate audit SOURCE ...`: what is risky or broken in the estate's IRSA and kiam
/// set-up today. Read-only: it takes no --state and never opens the state file.
struct AuditCommand {
    enum Format: String, CaseIterable {
        case text, json, markdown, sarif
    }

    enum FailOn: String, CaseIterable {
        case error, warning

        var severity: Finding.Severity { self == .error ? .error : .warning }
    }

    var source: SourceOption
    var options: AuditOptions
    var format: Format
    var failOn: FailOn

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(
            words, command: "audit",
            valueOptions: SourceOption.valueNames.union([
                "issuer", "role-base-arn", "agent-role", "audience", "format", "fail-on",
            ]),
            flags: [])
        try arguments.noPositionals()
        source = try SourceOption(arguments)
        let issuers = try (arguments.values["issuer"] ?? []).map { text throws(UsageError) -> IssuerURL in
            guard let issuer = IssuerURL(text) else {
                throw UsageError(
                    "--issuer \(text) is not an https issuer URL (host and optional path, no port or query)", command: "audit")
            }
            return issuer
        }
        let base = try arguments.value("role-base-arn")
        if let base, ARN(base)?.service != "iam" || !(ARN(base)?.resource.hasPrefix("role/") ?? false) {
            throw UsageError("--role-base-arn must look like arn:aws:iam::111122223333:role/, not \(base)", command: "audit")
        }
        let agents = arguments.values["agent-role"] ?? []
        if let bad = agents.first(where: { ARN($0)?.roleName == nil }) {
            throw UsageError("--agent-role must be a role ARN, not \(bad)", command: "audit")
        }
        options = AuditOptions(
            issuers: issuers, roleBaseARN: base, agentRoles: agents, audience: try PlanCommand.audience(arguments))
        format = try arguments.choice("format", default: .text, allowed: Format.allCases)
        failOn = try arguments.choice("fail-on", default: .error, allowed: FailOn.allCases)
    }

    func run() async throws -> Int32 {
        let inventory = try await InventorySource.read(source)
        let report = Auditor(options: options).audit(inventory)
        Console.out(render(report))
        Console.err("Audit: \(report.countsLine).")
        if report.hasFindings(atOrAbove: failOn.severity) {
            Console.err("--fail-on \(failOn.rawValue): findings at or above \(failOn.rawValue); exiting 1.")
            return ExitCode.failure
        }
        return ExitCode.success
    }

    private func render(_ report: AuditReport) -> String {
        switch format {
        case .text: AuditTextRenderer.render(report)
        case .json: AuditJSONRenderer.render(report)
        case .markdown: AuditMarkdownRenderer.render(report)
        case .sarif: AuditSARIFRenderer.render(report, toolVersion: ToolVersion.current, snapshotDirectory: snapshotDirectory)
        }
    }

    /// SARIF results point at the snapshot's files, so CI can annotate them.
    private var snapshotDirectory: String? {
        if case .snapshot(let directory) = source { return directory }
        return nil
    }

    static let help = """
        Usage: irsa-migrate audit SOURCE [--issuer URL]... [--format text|json|markdown|sarif]
                                  [--fail-on error|warning] [--role-base-arn ARN] [--agent-role ARN]...
                                  [--audience AUD]

        Reviews an estate's IRSA and kiam set-up as it is today, before any move: trust without
        :sub or :aud, :sub wildcards across namespaces, StringLike on :aud, OIDC providers that
        are missing or do not accept the audience, unused providers, trust for issuers no cluster
        uses and dual trust left behind, deleted or wildcard principals, kiam agent trust on
        roles no kiam workload uses, service accounts whose role is missing or does not trust
        them, workloads still on kiam, static AWS keys; and per issuer which roles each service
        account can assume (the access map). Read-only: changes nothing and opens no state file.

        Options:
          --issuer URL              an issuer a cluster uses now (repeatable); enables the checks
                                    for trust of issuers no cluster uses
          --format F                text (default), json, markdown, or sarif (SARIF 2.1.0 for CI)
          --fail-on error|warning   exit 1 when a finding is at least this severe (default error)
          --role-base-arn ARN       resolves bare kiam role names (kiam --role-base-arn)
          --agent-role ARN          a kiam server or kube2iam node role (repeatable; roles named
                                    *kiam* are taken to be agents anyway)
          --audience AUD            the audience of tokens whose service account has no
                                    eks.amazonaws.com/audience annotation (default sts.amazonaws.com)

          SOURCE is --snapshot DIR, or the live clients: [--context NAME] [--kubeconfig FILE]
          [--profile NAME]... (one per AWS account) [--region NAME] [--aws-endpoint-url URL]
          [--kubectl PATH] [--aws PATH].

        Exit codes: 0 no finding at or above --fail-on, 1 such findings (or a failure), 64 usage error.
        """
}

extension AuditCommand: RunnableCommand {}
