import Foundation
import MigrationCore
import StateStore

/// Opening the state file and finding a plan in it, with errors that say what to do.
enum StoredPlans {
    /// The state file of a command that changes nothing in it, opened read-only: no create,
    /// migration, chmod or WAL switch, so it works on a read-only file or directory.
    static func openReading(_ state: StateOption) throws -> SQLitePlanStore {
        try requireExisting(state)
        return try SQLitePlanStore(path: state.path, readOnly: true)
    }

    /// The state file of apply and rollback, which record every step in it.
    static func open(_ state: StateOption) throws -> SQLitePlanStore {
        try requireExisting(state)
        return try SQLitePlanStore(path: state.path)
    }

    private static func requireExisting(_ state: StateOption) throws {
        var info = stat()
        guard lstat(state.path, &info) == 0 else {
            throw CommandFailure("no state file at \(state.path): run 'irsa-migrate plan ...' first, or pass --state FILE")
        }
    }

    static func load(_ id: String?, from store: SQLitePlanStore, state: StateOption) throws -> Plan {
        let resolved = try resolve(id, in: store, state: state)
        guard let plan = try store.plan(id: resolved) else { throw notStored(resolved, state: state) }
        return plan
    }

    /// The header and summary of the plan, without decoding its steps.
    static func loadHeading(_ id: String?, from store: SQLitePlanStore, state: StateOption) throws -> PlanHeading {
        let resolved = try resolve(id, in: store, state: state)
        guard let heading = try store.heading(id: resolved) else { throw notStored(resolved, state: state) }
        return heading
    }

    private static func notStored(_ id: String, state: StateOption) -> CommandFailure {
        CommandFailure("plan \(id) is not in \(state.path): 'irsa-migrate status' lists the stored plans")
    }

    /// The full id of the plan `id` starts with, or of the newest plan.
    private static func resolve(_ id: String?, in store: SQLitePlanStore, state: StateOption) throws -> String {
        let resolved: String
        if let id {
            do {
                resolved = try store.resolvePlanID(prefix: id)
            } catch PlanStoreError.unknownPrefix {
                throw CommandFailure(
                    "no plan id in \(state.path) starts with '\(id)': 'irsa-migrate status' lists the stored plans")
            }
        } else {
            guard let latest = try store.latestPlanID() else {
                throw CommandFailure("the state file \(state.path) holds no plan yet: run 'irsa-migrate plan ...' first")
            }
            resolved = latest
        }
        return resolved
    }
}
