import Foundation
import MigrationCore

/// Writes a snapshot directory from the live clients: the raw outputs, verbatim.
public struct SnapshotTaker: Sendable {
    public var reader: LiveInventoryReader

    public init(reader: LiveInventoryReader) {
        self.reader = reader
    }

    /// Reads everything first, then writes, so a failed call leaves no partial snapshot;
    /// the raw inventory is returned for the caller's summary.
    @discardableResult
    public func take(to directory: String) async throws -> RawInventory {
        let raw = try await reader.readRaw()
        try SnapshotWriter(directory: directory).write(raw)
        return raw
    }
}
