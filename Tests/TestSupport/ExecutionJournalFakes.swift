import Foundation
import MigrationCore

/// The state store in memory, enforcing the same transitions (`StepTransitions`) as the SQLite store.
public actor InMemoryJournal: StepJournal {
    public private(set) var current: [String: JournalEntry] = [:]
    public private(set) var events: [(stepID: String?, kind: String, detail: JSONValue)] = []

    public struct BadTransition: Error, CustomStringConvertible {
        public var description: String
    }

    public init() {}

    public func status(_ stepID: String) -> StepStatus { current[stepID]?.status ?? .pending }

    public func eventKinds(_ stepID: String) -> [String] { events.filter { $0.stepID == stepID }.map(\.kind) }

    public func entries() async throws -> [String: JournalEntry] { current }

    private func move(_ stepID: String, to status: StepStatus, at: Date) throws {
        let from = self.status(stepID)
        // Step ids are ACTION:TARGET.
        let check = Action(rawValue: String(stepID.prefix { $0 != ":" }))?.isCheck ?? false
        guard StepTransitions.allows(from: from, to: status, check: check) else {
            throw BadTransition(description: "\(stepID): \(from.rawValue) -> \(status.rawValue)")
        }
        var entry = current[stepID] ?? JournalEntry(status: status)
        entry.status = status
        entry.finishedAt = at
        if status == .applying { entry.attempts += 1 }
        current[stepID] = entry
        events.append((stepID, "step-\(status.rawValue)", .null))
    }

    public func markApplying(_ stepID: String, at: Date) async throws { try move(stepID, to: .applying, at: at) }

    public func markApplied(_ stepID: String, before: JSONValue?, after: JSONValue?, at: Date) async throws {
        try move(stepID, to: .applied, at: at)
        current[stepID]?.before = before
        current[stepID]?.after = after
    }

    public func markFailed(_ stepID: String, error: String, at: Date) async throws {
        try move(stepID, to: .failed, at: at)
    }

    public func markExternal(_ stepID: String, before: JSONValue?, at: Date) async throws {
        try move(stepID, to: .external, at: at)
        current[stepID]?.before = before
        current[stepID]?.after = nil
    }

    public func markReverting(_ stepID: String, at: Date) async throws { try move(stepID, to: .reverting, at: at) }

    public func markReverted(_ stepID: String, at: Date) async throws { try move(stepID, to: .reverted, at: at) }

    public func appendEvent(_ stepID: String?, kind: String, detail: JSONValue, at: Date) async throws {
        events.append((stepID, kind, detail))
    }
}

/// A clock that stands still until a test moves it.
public actor FixedClock: WallClock {
    public private(set) var current: Date

    public init(_ iso8601: String = "2026-11-23T12:00:00Z") {
        current = Date(iso8601: iso8601) ?? Date(timeIntervalSince1970: 0)
    }

    public func advance(seconds: Double) { current = current.addingTimeInterval(seconds) }

    public func now() async -> Date { current }
}

/// Passes every check except those of the given step ids.
public struct FakeVerifier: Verifier {
    public var failing: Set<String>

    public init(failing: Set<String> = []) {
        self.failing = failing
    }

    public func verify(_ step: Step) async throws -> VerificationResult {
        failing.contains(step.id)
            ? VerificationResult(passed: false, message: "STS refused the token")
            : VerificationResult(passed: true, message: "STS accepted the token")
    }
}
