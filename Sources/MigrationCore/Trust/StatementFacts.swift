import Foundation

/// What the access check and the planners read of one statement, computed the first time
/// it is asked and kept with the statement (copies of a statement share it, since the
/// statement never changes). An issuer move asks the same statement's grants before and
/// after prepare and again for cleanup; recomputing them each time was a third of its plan.
///
/// `@unchecked Sendable`: every cached value is read and written only while holding `lock`;
/// a value is a pure function of the statement, so two threads computing it agree.
final class StatementFacts: @unchecked Sendable {
    private let lock = NSLock()
    private var grants: Set<AccessGrant>?
    private var compiled: CompiledTrustPolicy.Statement?
    private var probeValues: AccessProbe.Values?
    private var conditionIssuers: Set<String>?

    func grants(_ make: () -> Set<AccessGrant>) -> Set<AccessGrant> {
        if let known = locked({ grants }) { return known }
        let made = make()
        locked { grants = made }
        return made
    }

    func compiled(_ make: () -> CompiledTrustPolicy.Statement) -> CompiledTrustPolicy.Statement {
        if let known = locked({ compiled }) { return known }
        let made = make()
        locked { compiled = made }
        return made
    }

    func probeValues(_ make: () -> AccessProbe.Values) -> AccessProbe.Values {
        if let known = locked({ probeValues }) { return known }
        let made = make()
        locked { probeValues = made }
        return made
    }

    func conditionIssuers(_ make: () -> Set<String>) -> Set<String> {
        if let known = locked({ conditionIssuers }) { return known }
        let made = make()
        locked { conditionIssuers = made }
        return made
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
