import Foundation

/// The time source of the tool: plan creation, apply and rollback. The CLI passes the
/// system clock, tests a fixed or stepping one, so the core never reads the clock itself.
/// Not named `Clock`: that would clash with the standard library's `Clock`.
public protocol WallClock: Sendable {
    func now() async -> Date
}
