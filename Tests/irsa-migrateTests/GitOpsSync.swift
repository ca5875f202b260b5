import Foundation
import MigrationCore
import TestSupport
import XCTest

/// An owner's "sync" on the emulators: the exported files applied with the real kubectl.
enum GitOpsSync {
    /// What an owner's sync does with one phase's files, as INDEX.md lists them: new service
    /// accounts (`kubectl apply -f`) and their patches (merge) in prepare, workload patches
    /// (JSON 6902) in cutover.
    static func sync(_ out: URL, _ session: LiveSession, phase: Phase) throws {
        let files = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).sorted()
        let accounts = phase == .prepare ? files.filter { $0.contains("/serviceaccounts/") } : []
        let accountPatches = phase == .prepare ? files.filter { $0.contains("/patches/serviceaccount.") } : []
        let workloadPatches = phase == .cutover ? files.filter { $0.contains("/patches/") && $0.hasSuffix(".json") } : []
        XCTAssertFalse((accounts + accountPatches + workloadPatches).isEmpty, "files for \(phase): \(files)")
        for path in accounts {
            try kubectl(["apply", "-f", out.appendingPathComponent(path).path], session)
        }
        for path in accountPatches + workloadPatches {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
            XCTAssertEqual(parts.count, 3, "KIND.NAMESPACE.NAME: \(name)")
            let type = path.hasSuffix(".json") ? "json" : "merge"
            try kubectl(
                [
                    "patch", parts[0], parts[2], "-n", parts[1], "--type", type, "--patch-file",
                    out.appendingPathComponent(path).path,
                ], session)
        }
    }

    static func kubectl(_ arguments: [String], _ session: LiveSession) throws {
        let result = try BinaryRunner.run(
            ["--kubeconfig", session.harness.kubeconfig] + arguments, executable: URL(fileURLWithPath: "/usr/bin/kubectl"),
            environment: session.environment)
        XCTAssertEqual(result.status, 0, "kubectl \(arguments.joined(separator: " ")): \(result.stderr)")
    }
}
