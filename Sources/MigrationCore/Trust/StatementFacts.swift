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

    func grants(_ make: () -> Set<AccessGrant>) -> Set<AccessGrant> { cached(\.grants, make) }

    func compiled(_ make: () -> CompiledTrustPolicy.Statement) -> CompiledTrustPolicy.Statement {
        cached(\.compiled, make)
    }

    func probeValues(_ make: () -> AccessProbe.Values) -> AccessProbe.Values { cached(\.probeValues, make) }

    func conditionIssuers(_ make: () -> Set<String>) -> Set<String> { cached(\.conditionIssuers, make) }

    /// The value in `slot`, made (outside the lock) and kept the first time it is asked for.
    private func cached<T>(_ slot: ReferenceWritableKeyPath<StatementFacts, T?>, _ make: () -> T) -> T {
        if let known = locked({ self[keyPath: slot] }) { return known }
        let made = make()
        locked { self[keyPath: slot] = made }
        return made
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
