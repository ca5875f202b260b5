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
        let arguments = try ParsedArguments(words, for: Commands.audit)
        try arguments.noPositionals()
        source = try SourceOption(arguments)
        let issuers = try arguments.all(Options.auditIssuer).map { text throws(UsageError) in
            try arguments.issuer(text, given: Options.auditIssuer)
        }
        let base = try arguments.roleBaseARN()
        let agents = arguments.all(Options.auditAgentRole)
        if let bad = agents.first(where: { ARN($0)?.roleName == nil }) {
            throw UsageError("--agent-role must be a role ARN, not \(bad)", command: arguments.command)
        }
        options = AuditOptions(
            issuers: issuers, roleBaseARN: base, agentRoles: agents,
            audience: try arguments.audience(Options.auditAudience))
        format = try arguments.choice(Options.auditFormat)
        failOn = try arguments.choice(Options.failOn)
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
}
