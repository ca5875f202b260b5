import Foundation
import MigrationCore

/// Reads a snapshot directory: `kubernetes.json`, `iam-roles.json` and, optionally,
/// `oidc-providers.json` (when absent, the inventory's providers are nil and the planner
/// ensures providers instead of assuming they exist).
public struct SnapshotReader: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The raw bytes, for decoding and for the plan's input digest.
    public func readRaw() throws(SnapshotError) -> RawInventory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(directory)
        }
        return RawInventory(
            kubernetesJSON: try read(RawInventory.kubernetesFile, required: true) ?? Data(),
            iamRolesJSON: try read(RawInventory.iamRolesFile, required: true) ?? Data(),
            oidcProvidersJSON: try read(RawInventory.oidcProvidersFile, required: false))
    }

    public func read() throws(SnapshotError) -> Inventory {
        let raw = try readRaw()
        do {
            return try raw.decode()
        } catch {
            throw .decoding(error)
        }
    }

    private func read(_ file: String, required: Bool) throws(SnapshotError) -> Data? {
        let path = (directory as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw .missingFile(directory: directory, file: file) }
            return nil
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }
}
