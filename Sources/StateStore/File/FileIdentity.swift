import Foundation

/// A file's device and inode: which file a path or an open descriptor is. A state file or
/// lock file deleted or replaced while a command runs keeps the descriptor on the old inode
/// while the path names another file (or none), and comparing the two notices it.
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// The file `path` names now (following symlinks), or nil when there is none.
    public static func of(path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The file an open descriptor refers to.
    public static func of(descriptor: Int32) -> FileIdentity? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// What a path given as `--state` turns out to be, read without writing anything (and
/// without opening a FIFO or device, which could block or never end).
enum StateFileKind: Equatable {
    case missing
    case empty
    case sqlite
    /// Not a state file, with why, e.g. "a directory" or "not an SQLite database".
    case other(String)

    static let sqliteHeader = Array("SQLite format 3\u{0}".utf8)

    static func inspect(_ path: String) throws -> StateFileKind {
        var info = stat()
        if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK && stat(path, &info) != 0 {
            return .other("a symlink to \(errno == ELOOP ? "itself (a loop)" : "nothing (dangling)")")
        }
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw StateFileError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .other("a directory")
        case S_IFIFO: return .other("a FIFO (named pipe)")
        case S_IFCHR, S_IFBLK: return .other("a device")
        case S_IFSOCK: return .other("a socket")
        default: return .other("not a regular file")
        }
        guard info.st_size > 0 else { return .empty }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw StateFileError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: sqliteHeader.count)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return count == header.count && header == sqliteHeader ? .sqlite : .other("not an SQLite database")
    }
}

/// Why a state file was refused or given up on, each a one-line message that says what to do.
public enum StateFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAStateFile(path: String, reason: String)
    case unreadable(path: String, reason: String)
    case empty(path: String)
    /// Deleted or replaced while the command ran; what it had recorded was copied to `savedTo`.
    case replaced(path: String, savedTo: String?)

    public var description: String {
        switch self {
        case .notAStateFile(let path, let reason):
            "\(path) is not an irsa-migrate state file (\(reason)); it was left untouched: pass another --state FILE"
        case .unreadable(let path, let reason):
            "cannot read state file \(path): \(reason)"
        case .empty(let path):
            "state file \(path) holds no plan yet: run 'irsa-migrate plan ...' first"
        case .replaced(let path, let saved?):
            "state file \(path) was deleted or replaced while this command ran; it stopped before the next change. "
                + "What it had recorded is saved in \(saved): move it back to \(path), then run the command again"
        case .replaced(let path, nil):
            "state file \(path) was deleted or replaced while this command ran, and its records could not be saved; "
                + "it stopped before the next change: restore the state file from a backup before going on"
        }
    }
}
