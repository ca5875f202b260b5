import Foundation
import MigrationCore

/// The system clock. Plans (and the lock holder line) honour `SOURCE_DATE_EPOCH`, the
/// reproducible-builds convention, which makes two plans of the same input byte-identical;
/// apply and rollback ignore it: step durations and the cleanup gate need real time.
struct SystemClock: WallClock {
    var honoursSourceDateEpoch = false

    static let pinnable = SystemClock(honoursSourceDateEpoch: true)

    func now() -> Date {
        guard honoursSourceDateEpoch,
            let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
        else { return Date() }
        return Date(timeIntervalSince1970: epoch)
    }
}
