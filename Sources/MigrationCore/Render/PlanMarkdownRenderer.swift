/// The change-review report: what a reviewer needs to approve a plan, in Markdown that
/// pastes into a pull request. Sections with nothing to show are left out.
public enum PlanMarkdownRenderer {
    public static func render(_ plan: Plan) -> String {
        var out = Markdown()
        header(plan, &out)
        findings(plan, &out)
        owners(plan, &out)
        TrustSection.render(plan, &out)
        if let facts = plan.notes.issuerMove {
            for section in IssuerMoveSections.sections(facts, plan: plan) { out.section(section.title, section.lines) }
        }
        for section in InstanceRoleSections.sections(plan) { out.section(section.title, section.lines) }
        serviceAccounts(plan, &out)
        workloads(plan, &out)
        steps(plan, &out)
        return out.text
    }

    private static func header(_ plan: Plan, _ out: inout Markdown) {
        out.line("# irsa-migrate plan `\(plan.header.id)`: \(plan.header.kind.rawValue)")
        out.blank()
        out.line("Made \(plan.header.createdAt) from input `\(plan.header.inputDigest)`.")
        out.blank()
        let options = plan.header.options.recorded.sorted { $0.key < $1.key }.map { "`\($0.key)` = `\($0.value)`" }
        out.line("Options: " + options.joined(separator: ", ") + ".")
        out.blank()
        out.line("## Summary")
        out.blank()
        out.table(
            ["steps", "workloads", "service accounts", "roles", "blocked"],
            [
                [
                    plan.summary.steps, plan.summary.workloads, plan.summary.serviceAccounts, plan.summary.roles,
                    plan.summary.blocked,
                ].map(String.init)
            ])
        let byPhase = Phase.allCases.compactMap { phase -> String? in
            let count = plan.steps.filter { $0.phase == phase }.count
            return count == 0 ? nil : "\(phase.rawValue) \(count)"
        }
        if !byPhase.isEmpty { out.line("Steps by phase: " + byPhase.joined(separator: ", ") + ".") }
        out.blank()
    }

    private static func findings(_ plan: Plan, _ out: inout Markdown) {
        out.line("## Findings")
        out.blank()
        guard !plan.findings.isEmpty else {
            out.line("None.")
            out.blank()
            return
        }
        out.table(
            ["severity", "code", "subject", "message"],
            plan.findings.map { [$0.severity.rawValue, "`\($0.code)`", "`\($0.subject)`", $0.message] })
    }

    /// Targets another tool writes: a live change to them is reverted at its next sync.
    private static func owners(_ plan: Plan, _ out: inout Markdown) {
        var seen = Set<StepTarget>()
        let owned = plan.steps.compactMap { step in
            step.owner.flatMap { owner in seen.insert(step.target).inserted ? (step.target, owner) : nil }
        }
        guard !owned.isEmpty else { return }
        out.line("## Owned by GitOps or infrastructure as code")
        out.blank()
        out.line(
            "A live change to these targets is reverted at the owner's next sync: commit the files of `irsa-migrate export` to the owner's source."
        )
        out.blank()
        out.table(
            ["target", "owner", "detected from"],
            owned.map { ["`\($0.0)`", $0.1.description, $0.1.evidence] })
    }

    private static func serviceAccounts(_ plan: Plan, _ out: inout Markdown) {
        let rows = plan.steps.compactMap { step -> [String]? in
            switch step.payload {
            case .createServiceAccount(let creation):
                ["`\(step.target)`", "create", "`\(creation.annotations[Annotations.irsaRoleARN] ?? "")`"]
            case .annotateServiceAccount(let annotation):
                ["`\(step.target)`", "annotate", "`\(annotation.annotations[Annotations.irsaRoleARN] ?? "")`"]
            default:
                nil
            }
        }
        guard !rows.isEmpty else { return }
        out.line("## Service accounts")
        out.blank()
        out.table(["service account", "change", "role"], rows)
    }

    private static func workloads(_ plan: Plan, _ out: inout Markdown) {
        let checks = Dictionary(
            plan.steps.compactMap { step in step.action == .verifyWorkload ? step.payload.check.map { (step.target, $0) } : nil },
            uniquingKeysWith: { first, _ in first })
        let rows = plan.steps.compactMap { step -> [String]? in
            guard case .switchWorkload(let change) = step.payload else { return nil }
            let account = checks[step.target]?.serviceAccount?.description ?? ""
            let role = checks[step.target]?.roleARN ?? ""
            return ["`\(step.target)`", "`\(account)` (\(change.serviceAccount == nil ? "same" : "new") account)", "`\(role)`"]
        }
        guard !rows.isEmpty else { return }
        out.line("## Workloads")
        out.blank()
        out.table(["workload", "service account", "role"], rows)
    }

    private static func steps(_ plan: Plan, _ out: inout Markdown) {
        out.line("## Steps")
        out.blank()
        guard !plan.steps.isEmpty else {
            out.line("No changes: everything planned is already in place.")
            return
        }
        for phase in Phase.allCases {
            let steps = plan.steps.filter { $0.phase == phase }
            guard !steps.isEmpty else { continue }
            out.line("### \(phase.rawValue)" + (phase == .cleanup ? " (opt-in: runs only when asked for)" : ""))
            out.blank()
            out.table(
                ["#", "action", "target", "what"],
                steps.map { [String($0.position), $0.action.rawValue, "`\($0.target)`", $0.summary] })
        }
    }
}

/// Accumulates Markdown lines; tables escape `|` so messages cannot break them.
struct Markdown {
    private(set) var text = ""

    mutating func line(_ value: String) { text += value + "\n" }

    mutating func blank() { text += "\n" }

    mutating func table(_ headers: [String], _ rows: [[String]]) {
        line("| " + headers.joined(separator: " | ") + " |")
        line("|" + headers.map { _ in " --- |" }.joined())
        for row in rows { line("| " + row.map { $0.replacingPipes() }.joined(separator: " | ") + " |") }
        blank()
    }

    mutating func section(_ title: String, _ lines: [String]) {
        line("## \(title)")
        blank()
        lines.forEach { line($0) }
        blank()
    }
}

extension String {
    fileprivate func replacingPipes() -> String {
        // Most cells have no pipe: splitting every cell of a 50,000-step table showed in a profile.
        guard utf8.contains(UInt8(ascii: "|")) else { return self }
        return split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
