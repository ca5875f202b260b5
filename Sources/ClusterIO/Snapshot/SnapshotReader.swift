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
