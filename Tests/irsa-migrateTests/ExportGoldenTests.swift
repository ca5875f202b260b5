import Foundation
import TestSupport
import XCTest

/// Tests/Golden/export/CASE: `args` is a `plan` command line (kind first); the real binary
/// plans the snapshot in `input/`, then exports, and every written file (path, then text)
/// is compared with `plan.txt` and `export.txt`. `IRSA_MIGRATE_RECORD=1` records them.
final class ExportGoldenTests: XCTestCase {
    func testExportCases() throws {
        let cases = try GoldenFolder("export").cases()
        XCTAssertGreaterThanOrEqual(cases.count, 2, "golden cases for export")
        for folder in cases { try check(folder) }
        GoldenFolder.finish("new golden files for export")
    }

    private func check(_ folder: URL) throws {
        let name = folder.lastPathComponent
        let work = try TestPaths.temporaryDirectory()
        let state = work.appendingPathComponent("state.db").path
        let arguments = try GoldenFolder.arguments(of: folder)
        let plan = try BinaryRunner.run(
            ["plan"] + arguments.prefix(1) + ["--snapshot", folder.appendingPathComponent("input").path, "--state", state]
                + arguments.dropFirst(),
            environment: GoldenTests.pinnedClock)
        XCTAssertEqual(plan.status, 0, "\(name): plan failed: \(plan.stderr)")
        let out = work.appendingPathComponent("export")
        let export = try BinaryRunner.run(["export", "--state", state, "--out", out.path])
        XCTAssertEqual(export.status, 0, "\(name): export failed: \(export.stderr)")
        try GoldenFolder.compare(plan.stdout, with: folder.appendingPathComponent("plan.txt"), case: name)
        try GoldenFolder.compare(try Self.listing(out), with: folder.appendingPathComponent("export.txt"), case: name)
    }

    /// Every file under the directory, sorted by path, each after a `==> PATH <==` line.
    static func listing(_ root: URL) throws -> String {
        let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { path in
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }.sorted()
        return try paths.map { path in
            "==> \(path) <==\n" + (try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
        }.joined(separator: "\n")
    }
}
