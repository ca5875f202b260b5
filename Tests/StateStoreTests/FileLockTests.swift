import Foundation
import StateStore
import XCTest

final class FileLockTests: XCTestCase {
    private let holder = LockHolder(pid: 1234, command: "irsa-migrate apply", since: "2026-11-23T10:00:00Z")

    func testSecondLockFailsAtOnceNamingTheHolder() throws {
        let state = try makeStatePath()
        let lock = try FileLock(stateFile: state, holder: holder)
        XCTAssertEqual(lock.lockFile, state + ".lock")
        XCTAssertEqual(try fileMode(lock.lockFile), 0o600)
        // flock belongs to the open file description, so a second open in this process conflicts.
        XCTAssertThrowsError(
            try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate rollback", since: "later"))
        ) { error in
            XCTAssertEqual(error as? LockError, .held(stateFile: state, holder: holder))
            XCTAssertEqual(
                "\(error)",
                "state file \(state) is locked by pid 1234 (irsa-migrate apply, since 2026-11-23T10:00:00Z); "
                    + "wait for it to finish")
        }
        lock.release()
        lock.release()
        XCTAssertNoThrow(
            try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate rollback", since: "later")),
            "released: the next one gets it")
    }

    func testDeinitReleases() throws {
        let state = try makeStatePath()
        do { _ = try FileLock(stateFile: state, holder: holder) }
        _ = try FileLock(stateFile: state, holder: holder)
    }

    func testHolderDefaultsToThisProcess() throws {
        let state = try makeStatePath()
        let lock = try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "now"))
        XCTAssertThrowsError(try FileLock(stateFile: state, holder: holder)) {
            XCTAssertEqual(
                $0 as? LockError,
                .held(stateFile: state, holder: LockHolder(pid: getpid(), command: "irsa-migrate apply", since: "now")))
        }
        withExtendedLifetime(lock) {}
    }

    func testLockHeldByAnotherProcessIsSeen() throws {
        let state = try makeStatePath()
        let lockFile = FileLock.lockFile(forStateFile: state)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        child.arguments = ["--exclusive", lockFile, "/bin/sh", "-c", "echo locked; cat >/dev/null"]
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        try child.run()
        // The child prints once it holds the lock, then waits for its stdin to close.
        let ready = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        XCTAssertEqual(ready, "locked\n")

        XCTAssertThrowsError(try FileLock(stateFile: state, holder: holder)) { error in
            XCTAssertEqual(error as? LockError, .held(stateFile: state, holder: nil))
            XCTAssertEqual("\(error)", "state file \(state) is locked by another process; wait for it to finish")
        }
        try input.fileHandleForWriting.close()
        child.waitUntilExit()
        XCTAssertEqual(child.terminationStatus, 0)
        XCTAssertNoThrow(try FileLock(stateFile: state, holder: holder))
    }

    func testHolderNamedToAnotherProcess() throws {
        let state = try makeStatePath()
        let lock = try FileLock(stateFile: state, holder: holder)
        // What a second irsa-migrate would find: flock fails, and the file names the holder.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        child.arguments = ["--nonblock", "--conflict-exit-code", "7", lock.lockFile, "/bin/true"]
        try child.run()
        child.waitUntilExit()
        XCTAssertEqual(child.terminationStatus, 7)
        let text = try String(contentsOfFile: lock.lockFile, encoding: .utf8)
        XCTAssertEqual(text, #"{"pid":1234,"command":"irsa-migrate apply","since":"2026-11-23T10:00:00Z"}"# + "\n")
        lock.release()
        XCTAssertEqual(try String(contentsOfFile: lock.lockFile, encoding: .utf8), "")
    }
}

final class FileLockHoldingTests: XCTestCase {
    func testALockFileDeletedOrReplacedIsNoticed() throws {
        let state = try makeStatePath()
        let lock = try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "now"))
        XCTAssertNoThrow(try lock.checkHeld())
        try FileManager.default.removeItem(atPath: lock.lockFile)
        XCTAssertThrowsError(try lock.checkHeld()) { XCTAssertEqual($0 as? LockError, .lost(lockFile: lock.lockFile)) }
        XCTAssertTrue(FileManager.default.createFile(atPath: lock.lockFile, contents: nil))
        XCTAssertThrowsError(try lock.checkHeld(), "a new file at the same path is not the one locked")
    }

    // With the lock file pulled away, a second apply made a new one, locked it and ran
    // alongside the first: the state file's own lock still stops it.
    func testASecondLockerWithTheLockFileDeletedStillMeetsTheStateFilesLock() throws {
        let state = try makeStatePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: state, contents: Data("db".utf8)))
        let first = try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "now"))
        try FileManager.default.removeItem(atPath: first.lockFile)
        XCTAssertThrowsError(try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "later"))) {
            XCTAssertEqual($0 as? LockError, .held(stateFile: state, holder: nil))
        }
        first.release()
        XCTAssertNoThrow(try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "later")))
    }

    func testAnExistingLockFileKeepsItsMode() throws {
        let state = try makeStatePath()
        let lockFile = FileLock.lockFile(forStateFile: state)
        XCTAssertTrue(FileManager.default.createFile(atPath: lockFile, contents: nil))
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: lockFile)
        let lock = try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "now"))
        lock.release()
        XCTAssertEqual(try fileMode(lockFile), 0o666)
    }

    func testAHolderWithANewlineGivesOneLine() throws {
        let state = try makeStatePath()
        let lockFile = FileLock.lockFile(forStateFile: state)
        let text = #"{"pid":42,"command":"irsa-migrate apply\nrm -rf /","since":"now\r"}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: lockFile))
        let descriptor = open(lockFile, O_RDWR)
        defer { close(descriptor) }
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        XCTAssertThrowsError(try FileLock(stateFile: state, holder: LockHolder(command: "irsa-migrate apply", since: "x"))) {
            let message = "\($0)"
            XCTAssertFalse(message.contains("\n") || message.contains("\r"), message)
            XCTAssertTrue(message.contains(#"irsa-migrate apply\nrm -rf /"#), message)
        }
    }
}
