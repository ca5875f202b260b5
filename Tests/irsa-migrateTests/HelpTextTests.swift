import Foundation
import TestSupport
import XCTest

@testable import irsa_migrate

/// The whole help of every command, as the real binary prints it, against
/// Tests/Golden/help/NAME.txt. `IRSA_MIGRATE_RECORD=1` rewrites the files and fails.
final class HelpTextTests: XCTestCase {
    let recording = ProcessInfo.processInfo.environment["IRSA_MIGRATE_RECORD"] == "1"

    func testEveryCommandsHelpIsTheRecordedText() throws {
        let folder = TestPaths.repository.appendingPathComponent("Tests/Golden/help")
        let lines: [(file: String, argv: [String])] =
            [("main", ["--help"])]
            + Commands.all.map {
                ($0.name.replacingOccurrences(of: " ", with: "-"), $0.name.split(separator: " ").map(String.init) + ["--help"])
            }
        for (file, argv) in lines {
            let result = try BinaryRunner.run(argv)
            XCTAssertEqual(result.status, 0, "\(argv)")
            let path = folder.appendingPathComponent("\(file).txt")
            if recording {
                try Data(result.stdout.utf8).write(to: path)
                continue
            }
            let expected = try? String(contentsOf: path, encoding: .utf8)
            XCTAssertEqual(result.stdout, expected, "\(file): help differs; if intended, re-record with IRSA_MIGRATE_RECORD=1")
        }
        XCTAssertFalse(recording, "recorded the help texts: review them with git diff, then run without IRSA_MIGRATE_RECORD")
    }

    func testHelpIsFoundHoweverItIsAskedFor() {
        XCTAssertEqual(
            CommandLineInterface.help(for: ["plan", "kiam-to-irsa", "--help"]), HelpRenderer.render(Commands.planKiam))
        XCTAssertEqual(
            CommandLineInterface.help(for: ["help", "plan", "issuer-move"]), HelpRenderer.render(Commands.planIssuerMove))
        XCTAssertEqual(CommandLineInterface.help(for: ["rollback", "-h"]), HelpRenderer.render(Commands.rollback))
        XCTAssertEqual(CommandLineInterface.help(for: ["help", "verify"]), HelpRenderer.render(Commands.verify))
        XCTAssertEqual(CommandLineInterface.help(for: ["--help"]), HelpRenderer.main(Commands.all))
        XCTAssertEqual(CommandLineInterface.help(for: ["plan", "--help"]), HelpRenderer.main(Commands.all))
        XCTAssertNil(CommandLineInterface.help(for: ["status"]))
    }

    /// Every option a command parses is in its help, and every one in its help parses.
    func testHelpAndParsingAgreeOnEveryOption() throws {
        for command in Commands.all {
            let help = HelpRenderer.render(command)
            for option in command.options {
                XCTAssertTrue(help.contains(option.synopsis), "\(command.name): --\(option.name) is not in the help")
                let argv = option.isFlag ? ["--\(option.name)"] : ["--\(option.name)", "x"]
                XCTAssertNoThrow(try ParsedArguments(argv, for: command), "\(command.name) --\(option.name)")
            }
            let names = command.options.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "\(command.name) declares an option twice")
        }
    }
}
