/// The report's "Trust policy changes": per role, its size in each phase against the quota,
/// who depends on it, and per phase the document diff and the access diff (the grants the
/// access check compares: who gains or loses the right to assume the role).
struct TrustSection: Sendable {
    private let plan: Plan
    private let trustSteps: [String: [Step]]
    /// Positions of the verify-workload steps by the role they check.
    private let checks: [String: [Int]]

    init(_ plan: Plan) {
        self.plan = plan
        // Grouped once: a plan of thousands of roles must not scan every step per role. Read
        // by index: iterating copies every step.
        checks = Dictionary(
            grouping: plan.steps.indices.filter { plan.steps[$0].action == .verifyWorkload },
            by: { plan.steps[$0].payload.check?.roleARN ?? "" })
        trustSteps = Dictionary(
            grouping: plan.steps.indices.filter { plan.steps[$0].payload.trustEdit != nil },
            by: { plan.steps[$0].target.description }
        ).mapValues { $0.map { plan.steps[$0] } }
    }

    /// The roles in slices to render apart (on several cores) and join in order: more slices
    /// than cores even out roles of uneven size.
    var slices: [Range<Int>] {
        plan.roles.indices.slices(of: max(1, plan.roles.count / 16))
    }

    /// The section for the roles of `slice`; its heading with the first slice.
    func render(_ slice: Range<Int>, _ out: inout Markdown) {
        if slice.lowerBound == 0 {
            out.line("## Trust policy changes")
            out.blank()
        }
        // Each slice parses a before-document its roles share once.
        var originals: [JSONValue: TrustPolicy?] = [:]
        for change in plan.roles[slice] {
            let timeline = RoleTimeline(
                original: Self.parsed(change.before, cache: &originals), trustSteps: trustSteps[change.arn] ?? [])
            Self.role(
                change, today: plan.notes.dependants?[change.arn] ?? [], planned: plannedUsers(change.arn),
                timeline: timeline, &out)
        }
    }

    private static func role(
        _ change: RoleChange, today: [String], planned: [String], timeline: RoleTimeline?, _ out: inout Markdown
    ) {
        out.line("### `\(change.arn)`")
        out.blank()
        guard let timeline, !timeline.stages.isEmpty else {
            diff(from: change.before, to: change.after, &out)
            return
        }
        let sizes = ["\(timeline.originalSize) before"] + timeline.stages.map { "\($0.size) after \($0.phase.rawValue)" }
        let percent = change.quota > 0 ? timeline.peakSize * 100 / change.quota : 0
        out.line(
            "Size (minified): \(sizes.joined(separator: ", ")); the largest, \(timeline.peakSize), is \(percent)% of the \(change.quota)-character quota."
        )
        out.blank()
        dependants(today: today, planned: planned, &out)
        for stage in timeline.stages {
            out.line("#### \(stage.phase.rawValue)" + (stage.phase == .cleanup ? " (opt-in)" : ""))
            out.blank()
            diff(from: stage.before.json, to: stage.after.json, &out)
            access(stage, &out)
        }
    }

    /// Roles often start from the same document (every kiam role trusting the kiam server
    /// alike): parsed once, its statements' grants are computed once for all of them.
    private static func parsed(_ document: JSONValue, cache: inout [JSONValue: TrustPolicy?]) -> TrustPolicy? {
        if let known = cache[document] { return known }
        let policy = try? TrustPolicy(json: document)
        cache[document] = .some(policy)
        return policy
    }

    /// The workloads the plan moves to `role`, with their service accounts (verify-workload
    /// checks); written in the role's slice, off the one thread that prepares the slices.
    private func plannedUsers(_ role: String) -> [String] {
        let users = (checks[role] ?? []).compactMap { index -> String? in
            guard case .verifyWorkload(let check) = plan.steps[index].payload else { return nil }
            let account = check.serviceAccount.map { " as `\($0)`" } ?? ""
            return "`\(plan.steps[index].target)`\(account)"
        }
        return Set(users).sorted()
    }

    private static func dependants(today: [String], planned: [String], _ out: inout Markdown) {
        out.line(
            "Depends on it today: "
                + (today.isEmpty
                    ? "nothing in the inventory (no annotated service account or workload)."
                    : today.map { "`\($0)`" }.joined(separator: ", ") + "."))
        if !planned.isEmpty { out.line("After cutover also: " + planned.joined(separator: ", ") + ".") }
        out.blank()
    }

    private static func diff(from before: JSONValue, to after: JSONValue, _ out: inout Markdown) {
        out.line("```diff")
        // Lines as byte slices: splitting by Character walks grapheme clusters, and a string
        // per line was most of the diff's time.
        let old = before.serializedBytes(.prettySorted).split(separator: UInt8(ascii: "\n"))
        let new = after.serializedBytes(.prettySorted).split(separator: UInt8(ascii: "\n"))
        for edit in LineDiff.edits(oldCount: old.count, newCount: new.count, same: { old[$0] == new[$1] }) {
            switch edit {
            case .kept(let index): out.line(mark: UInt8(ascii: " "), old[index])
            case .removed(let index): out.line(mark: UInt8(ascii: "-"), old[index])
            case .added(let index): out.line(mark: UInt8(ascii: "+"), new[index])
            }
        }
        out.line("```")
        out.blank()
    }

    private static func access(_ stage: RoleTimeline.Stage, _ out: inout Markdown) {
        let lines = stage.gained.map { "+ \($0.reviewText)" } + stage.lost.map { "- \($0.reviewText)" }
        out.line("Who may assume it (`+` gained, `-` lost; Deny entries narrow):")
        out.blank()
        out.line("```diff")
        if lines.isEmpty { out.line("  (no change)") }
        lines.forEach { out.line($0) }
        out.line("```")
        out.blank()
    }
}
