/// The report's "Trust policy changes": per role, its size in each phase against the quota,
/// who depends on it, and per phase the document diff and the access diff (the grants the
/// access check compares: who gains or loses the right to assume the role).
enum TrustSection {
    static func render(_ plan: Plan, _ out: inout Markdown) {
        guard !plan.roles.isEmpty else { return }
        out.line("## Trust policy changes")
        out.blank()
        let planned = plannedUsers(plan)
        // Grouped once: a plan of thousands of roles must not scan every step per role.
        let trustSteps = Dictionary(grouping: plan.steps.filter { $0.payload.trustEdit != nil }, by: \.target.description)
        for change in plan.roles {
            out.line("### `\(change.arn)`")
            out.blank()
            guard let timeline = RoleTimeline(change, trustSteps: trustSteps[change.arn] ?? []), !timeline.stages.isEmpty else {
                diff(from: change.before, to: change.after, &out)
                continue
            }
            let sizes =
                ["\(timeline.original.minifiedSize) before"]
                + timeline.stages.map { "\($0.after.minifiedSize) after \($0.phase.rawValue)" }
            let percent = change.quota > 0 ? timeline.peakSize * 100 / change.quota : 0
            out.line(
                "Size (minified): \(sizes.joined(separator: ", ")); the largest, \(timeline.peakSize), is \(percent)% of the \(change.quota)-character quota."
            )
            out.blank()
            dependants(today: plan.notes.dependants?[change.arn] ?? [], planned: planned[change.arn] ?? [], &out)
            for stage in timeline.stages {
                out.line("#### \(stage.phase.rawValue)" + (stage.phase == .cleanup ? " (opt-in)" : ""))
                out.blank()
                diff(from: stage.before.json, to: stage.after.json, &out)
                access(stage, &out)
            }
        }
    }

    /// The workloads the plan moves to each role, with their service accounts (verify-workload checks).
    private static func plannedUsers(_ plan: Plan) -> [String: [String]] {
        var users: [String: Set<String>] = [:]
        for step in plan.steps where step.action == .verifyWorkload {
            guard let check = step.payload.check else { continue }
            let role = check.roleARN
            let account = check.serviceAccount.map { " as `\($0)`" } ?? ""
            users[role, default: []].insert("`\(step.target)`\(account)")
        }
        return users.mapValues { $0.sorted() }
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
        // Split as bytes: a split by Character walks grapheme clusters, a tenth of `report`.
        func lines(_ value: JSONValue) -> [String] {
            value.serializedBytes(.prettySorted).split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        }
        LineDiff.lines(from: lines(before), to: lines(after)).forEach { out.line($0) }
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
