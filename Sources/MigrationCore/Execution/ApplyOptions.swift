/// What `apply` was asked to do.
public struct ApplyOptions: Sendable, Equatable {
    /// The phases to run; empty means every phase.
    public var phases: Set<Phase>
    /// Steps in flight at once (IAM and the API server both throttle).
    public var concurrency: Int
    /// Open the cleanup gates (verify passed, token lifetime elapsed) without waiting.
    public var force: Bool
    /// Only these steps (a wave: `--only`, `--namespace`); nil means every step of the phases.
    public var stepIDs: Set<String>?
    /// Run checks that already passed again (`irsa-migrate verify`), instead of skipping them
    /// like every applied step (`apply`, which resumes).
    public var recheck: Bool
    /// Patch targets a GitOps tool or IaC owns (`--patch-owned`); by default their steps
    /// wait for the owner's sync (`external`).
    public var patchOwned: Bool

    public init(
        phases: Set<Phase> = [], concurrency: Int = 4, force: Bool = false, stepIDs: Set<String>? = nil,
        recheck: Bool = false, patchOwned: Bool = false
    ) {
        self.patchOwned = patchOwned
        self.phases = phases
        self.concurrency = concurrency
        self.force = force
        self.stepIDs = stepIDs
        self.recheck = recheck
    }

    public func selects(_ step: Step) -> Bool {
        (phases.isEmpty || phases.contains(step.phase)) && (stepIDs?.contains(step.id) ?? true)
    }
}
