import Foundation
import TestSupport
import XCTest

@testable import irsa_migrate

/// Every `irsa-migrate` command in a ```sh block of playbooks/ parses: runbooks cannot drift
/// from the command line. (`make playbooks` runs them against the emulators.)
final class PlaybookTests: XCTestCase {
    func testEveryPlaybookCommandParses() throws {
        let folder = TestPaths.repository.appendingPathComponent("playbooks")
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".md") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for command in try Self.withWrittenMaps(Self.commands(in: text)) {
                XCTAssertNoThrow(try CommandLineInterface.parse(command), "\(name): \(command.joined(separator: " "))")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 8)
    }

    /// A map an earlier command writes (`--write-map FILE`, reviewed by hand in the runbook) and
    /// a later one reads (`--service-accounts FILE`) is read when the command is parsed: stand
    /// in an empty map for it.
    static func withWrittenMaps(_ commands: [[String]]) throws -> [[String]] {
        var written: [String: String] = [:]
        return try commands.map { command in
            var command = command
            for index in command.indices.dropLast() {
                let value = command[index + 1]
                if command[index] == "--write-map", written[value] == nil {
                    let file = try TestPaths.temporaryDirectory().appendingPathComponent("map.json")
                    try Data(#"{"serviceAccounts": []}"#.utf8).write(to: file)
                    written[value] = file.path
                } else if command[index] == "--service-accounts", let file = written[value] {
                    command[index + 1] = file
                }
            }
            return command
        }
    }

    /// Lines of ```sh blocks that start with `irsa-migrate`, with `\` continuations joined.
    static func commands(in markdown: String) -> [[String]] {
        var commands: [[String]] = []
        var inShell = false
        var pending = ""
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inShell = line == "```sh"
                continue
            }
            guard inShell else { continue }
            pending += line.trimmingCharacters(in: .whitespaces)
            if pending.hasSuffix("\\") {
                pending.removeLast()
                pending += " "
                continue
            }
            if pending.hasPrefix("irsa-migrate ") {
                commands.append(pending.split(separator: " ").dropFirst().map(shellVariableStandIn))
            }
            pending = ""
        }
        return commands
    }

    /// A `"$NAME"` word (set by an earlier line of the runbook, such as an issuer read from EKS)
    /// stands for a URL of its own here, so that the option's value still parses.
    static func shellVariableStandIn(_ word: Substring) -> String {
        guard word.hasPrefix("\"$"), word.hasSuffix("\""), word.count > 3 else { return String(word) }
        return "https://shell-variable.invalid/" + word.dropFirst(2).dropLast()
    }
}
