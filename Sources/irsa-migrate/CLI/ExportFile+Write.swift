import Foundation
import MigrationCore

extension ExportFile {
    /// Writes the file at its path under `directory` (made as needed), replacing it atomically;
    /// returns where. Shared by `export` and rollback's `--out`.
    @discardableResult
    func write(under directory: String) throws -> URL {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure(
                "cannot write \(url.path): \(error.localizedDescription). Check that \(directory) is a writable directory.")
        }
        return url
    }
}
