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
            oidcProvidersJSON: try read(RawInventory.oidcProvidersFile, required: false),
            authorizationDetailsJSON: try read(RawInventory.authorizationDetailsFile, required: false))
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
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if required { throw .missingFile(directory: directory, file: file) }
            return nil
        }
        // A link to nothing is not "no file": the plan would silently change meaning.
        guard stat(path, &info) == 0 else {
            let what = errno == ELOOP ? "a symlink loop" : "a symlink to nothing (dangling)"
            throw .unreadable(path: path, reason: "it is \(what); fix or remove the link")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .unreadable(path: path, reason: "it is a directory, not a file")
        default: throw .unreadable(path: path, reason: "it is a FIFO, device or socket, not a regular file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
    }

    /// The system's reason ("Permission denied"), not Foundation's sentence about it.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
