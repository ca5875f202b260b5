import Foundation
import MigrationCore

/// Writes a snapshot directory from raw client outputs, verbatim. The directory is created
/// if needed and each file is written atomically, so an interrupted run never leaves a
/// half-written file that a later plan would read.
public struct SnapshotWriter: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func write(_ raw: RawInventory) throws(SnapshotError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: directory, reason: error.localizedDescription)
        }
        try write(raw.kubernetesJSON, to: RawInventory.kubernetesFile)
        try write(raw.iamRolesJSON, to: RawInventory.iamRolesFile)
        if let providers = raw.oidcProvidersJSON {
            try write(providers, to: RawInventory.oidcProvidersFile)
        } else {
            try removeStale(RawInventory.oidcProvidersFile)
        }
        if let details = raw.authorizationDetailsJSON {
            try write(details, to: RawInventory.authorizationDetailsFile)
        } else {
            try removeStale(RawInventory.authorizationDetailsFile)
        }
    }

    /// A providers file left from an earlier snapshot would describe another moment in time.
    private func removeStale(_ file: String) throws(SnapshotError) {
        let path = (directory as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }

    private func write(_ data: Data, to file: String) throws(SnapshotError) {
        let path = (directory as NSString).appendingPathComponent(file)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }
}
