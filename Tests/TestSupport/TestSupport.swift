import Foundation

/// Paths of the repository and the built products, for tests that run the real binary.
public enum TestPaths {
    /// The repository root (three levels above this file).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The directory holding the built `irsa-migrate` next to the test bundle.
    public static var binary: URL {
        let products = Bundle.main.bundleURL
        let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("irsa-migrate") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// A new empty directory under the system temporary directory.
    public static func temporaryDirectory(_ label: String = "irsa-migrate-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What a finished child process printed.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `irsa-migrate` (or any executable) and captures its output. Reading both
/// pipes on background threads keeps a chatty child from blocking on a full pipe.
public enum BinaryRunner {
    public static func run(
        _ arguments: [String], executable: URL = TestPaths.binary, environment: [String: String] = [:],
        directory: URL? = nil
    ) throws -> ProcessResult {
        try start(arguments, executable: executable, environment: environment, directory: directory).wait()
    }

    /// Starts the process and returns at once; `wait()` gives its result.
    public static func start(
        _ arguments: [String], executable: URL = TestPaths.binary, environment: [String: String] = [:],
        directory: URL? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(
            process: process, output: Collector(stdout.fileHandleForReading), errors: Collector(stderr.fileHandleForReading))
    }

    public struct Running {
        let process: Process
        let output: Collector
        let errors: Collector

        public var processIdentifier: Int32 { process.processIdentifier }

        public func wait() -> ProcessResult {
            process.waitUntilExit()
            return ProcessResult(
                status: process.terminationStatus, stdout: String(decoding: output.wait(), as: UTF8.self),
                stderr: String(decoding: errors.wait(), as: UTF8.self))
        }
    }

    final class Collector: @unchecked Sendable {
        // Written once by the reading thread before `done` is signalled, read after the wait.
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            done.signal()  // so a second wait returns too
            return data
        }
    }
}
