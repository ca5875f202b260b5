import Foundation

/// Where `--out` writes. A regular file (or a new one) is written atomically: a temporary
/// file renamed over it, so an interrupted run never leaves half a report. Anything else
/// (`/dev/null`, `/dev/stdout`, a FIFO) is written in place: renaming over a device node would
/// replace it with a regular file, which as root breaks `/dev/null` for the whole machine.
/// A symlink is followed, so the link stays and its target gets the text.
enum OutputFile {
    static func write(_ data: Data, to path: String) throws {
        let resolved = following(path)
        var info = stat()
        guard stat(resolved, &info) == 0, info.st_mode & S_IFMT != S_IFREG else {
            try data.write(to: URL(fileURLWithPath: resolved), options: .atomic)
            return
        }
        guard let handle = FileHandle(forWritingAtPath: resolved) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: resolved])
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
    }

    /// The path a chain of symlinks leads to, existing or not (Foundation's resolving stops at
    /// a link to a file not yet written). A loop stops after 32 links; the write then fails.
    private static func following(_ path: String) -> String {
        var current = path
        for _ in 0..<32 {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { break }
            current = target.hasPrefix("/") ? target : (current as NSString).deletingLastPathComponent + "/" + target
        }
        return current
    }
}
