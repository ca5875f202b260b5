import Foundation
import MigrationCore

/// The system clock for apply and rollback: step durations and the cleanup gate need real
/// time, so unlike `Clock.now()` it ignores `SOURCE_DATE_EPOCH`.
struct SystemClock: ExecutionClock {
    func now() async -> Timestamp {
        Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
    }
}
