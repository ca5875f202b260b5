/// The change-review report: what a reviewer needs to approve a plan, in Markdown that
/// pastes into a pull request. Sections with nothing to show are left out.
public enum PlanMarkdownRenderer {
    public static func render(_ plan: Plan) -> String {
        // The parts depend only on the plan: rendered on every core at once and joined in
        // order. The trust section, most of the time, goes in slices of roles; the closing
        // sections, the next largest, are taken first.
        let trust = TrustSection(plan)
        let parts = [Part.closing, .opening] + trust.slices.map(Part.trust)
        let texts = parts.concurrentMap { part in
            var out = Markdown()
            switch part {
            case .opening:
                header(plan, &out)
                findings(plan, &out)
                owners(plan, &out)
            case .trust(let slice):
                trust.render(slice, &out)
            case .closing:
                closing(plan, &out)
            }
            return out
        }
        return Markdown.text(of: Array(texts.dropFirst()) + [texts[0]])
    }

    private enum Part: Sendable {
        case opening, trust(Range<Int>), closing
    }

    private static func closing(_ plan: Plan, _ out: inout Markdown) {
        if let facts = plan.notes.issuerMove {
            for section in IssuerMoveSections.sections(facts, plan: plan) { out.section(section.title, section.lines) }
        }
        for section in InstanceRoleSections.sections(plan) { out.section(section.title, section.lines) }
        serviceAccounts(plan, &out)
        workloads(plan, &out)
        steps(plan, &out)
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
        let indices = stepIndicesByPhase(plan)
        let byPhase = Phase.allCases.compactMap { phase in indices[phase].map { "\(phase.rawValue) \($0.count)" } }
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
        let owned = plan.steps.indices.compactMap { index in
            plan.steps[index].owner.flatMap { owner in
                seen.insert(plan.steps[index].target).inserted ? (plan.steps[index].target, owner) : nil
            }
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
        let rows = plan.steps.indices.compactMap { index -> [String]? in
            switch plan.steps[index].payload {
            case .createServiceAccount(let creation):
                ["`\(plan.steps[index].target)`", "create", "`\(creation.annotations[Annotations.irsaRoleARN] ?? "")`"]
            case .annotateServiceAccount(let annotation):
                ["`\(plan.steps[index].target)`", "annotate", "`\(annotation.annotations[Annotations.irsaRoleARN] ?? "")`"]
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
        var checks: [StepTarget: IdentityCheck] = [:]
        for index in plan.steps.indices {
            guard case .verifyWorkload(let check) = plan.steps[index].payload else { continue }
            if checks[plan.steps[index].target] == nil { checks[plan.steps[index].target] = check }
        }
        let rows = plan.steps.indices.compactMap { index -> [String]? in
            guard case .switchWorkload(let change) = plan.steps[index].payload else { return nil }
            let target = plan.steps[index].target
            let account = checks[target]?.serviceAccount?.description ?? ""
            let role = checks[target]?.roleARN ?? ""
            return ["`\(target)`", "`\(account)` (\(change.serviceAccount == nil ? "same" : "new") account)", "`\(role)`"]
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
        let byPhase = stepIndicesByPhase(plan)
        for phase in Phase.allCases {
            guard let indices = byPhase[phase] else { continue }
            out.line("### \(phase.rawValue)" + (phase == .cleanup ? " (opt-in: runs only when asked for)" : ""))
            out.blank()
            out.tableHeader(["#", "action", "target", "what"])
            for index in indices {
                let (position, action) = (plan.steps[index].position, plan.steps[index].action)
                out.tableRow([String(position), action.rawValue, "`\(plan.steps[index].target)`", plan.steps[index].summary])
            }
            out.blank()
        }
    }

    /// Positions in `plan.steps` per phase. Here and above steps are read in place by index:
    /// filtering or iterating copies each step, which showed in a profile of 30,000 steps.
    private static func stepIndicesByPhase(_ plan: Plan) -> [Phase: [Int]] {
        Dictionary(grouping: plan.steps.indices) { plan.steps[$0].phase }
    }
}
