import Foundation
import TestSupport
import XCTest

@testable import irsa_migrate

/// `irsa-migrate completion SHELL`: bash is run for real on the printed script; zsh and fish
/// (not installed here) are checked to declare every command's every option where it belongs.
final class CompletionTests: XCTestCase {
    func testBashCompletesCommandsKindsOptionsAndTheirValues() throws {
        let script = try BinaryRunner.run(["completion", "bash"])
        XCTAssertEqual(script.status, 0, script.stderr)
        let directory = try TestPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("irsa-migrate.bash")
        try Data(script.stdout.utf8).write(to: file)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("snapshots"), withIntermediateDirectories: true)
        let cases: [(line: [String], expected: String)] = [
            (["pl"], "plan"),
            (["plan", ""], "kiam-to-irsa issuer-move instance-role"),
            (["plan", "kiam-to-irsa", "--iss"], "--issuer"),
            (["apply", "--phase", ""], "prepare cutover verify cleanup"),
            (["audit", "--fail-on", "w"], "warning"),
            (["completion", ""], "bash zsh fish --help"),
            (["snapshot", "--out", directory.path + "/snap"], directory.path + "/snapshots"),
            (["verify", "--rollout-timeout", ""], ""),
        ]
        var driver = "source '\(file.path)'\n"
        for (line, _) in cases {
            let words = (["irsa-migrate"] + line).map { "'\($0)'" }.joined(separator: " ")
            driver += "COMP_WORDS=(\(words)); COMP_CWORD=\(line.count); _irsa_migrate; echo \"${COMPREPLY[*]}\"\n"
        }
        for command in Commands.all {
            let words = command.name.split(separator: " ").map { "'\($0)'" }.joined(separator: " ")
            let count = command.name.split(separator: " ").count + 1
            driver += "COMP_WORDS=(irsa-migrate \(words) '--'); COMP_CWORD=\(count); _irsa_migrate; echo \"${COMPREPLY[*]}\"\n"
        }
        let result = try BinaryRunner.run(["-c", driver], executable: URL(fileURLWithPath: "/bin/bash"))
        XCTAssertEqual(result.status, 0, result.stderr)
        let replies = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, (line, expected)) in cases.enumerated() {
            XCTAssertEqual(replies[index], expected, "\(line)")
        }
        for (index, command) in Commands.all.enumerated() {
            let offered = Set(replies[cases.count + index].split(separator: " ").map(String.init))
            XCTAssertEqual(offered, Set(command.options.map { "--\($0.name)" } + ["--help"]), command.name)
        }
    }

    func testZshAndFishDeclareEveryOptionUnderItsCommand() throws {
        let zsh = try BinaryRunner.run(["completion", "zsh"]).stdout
        let fish = try BinaryRunner.run(["completion", "fish"]).stdout
        XCTAssertTrue(zsh.hasPrefix("#compdef irsa-migrate\n"))
        for command in Commands.all {
            let words = command.name.split(separator: " ").map(String.init)
            let zshLine = try XCTUnwrap(zshArguments(zsh, branch: words.last ?? ""), command.name)
            let fishCondition = "-n '__irsa_migrate_using \(words.joined(separator: " "))'"
            for option in command.options {
                let star = option.repeatable ? "*" : ""
                XCTAssertTrue(zshLine.contains("'\(star)--\(option.name)["), "zsh \(command.name) --\(option.name)")
                XCTAssertTrue(
                    fish.contains("complete -c irsa-migrate \(fishCondition) -l \(option.name)"),
                    "fish \(command.name) --\(option.name)")
            }
        }
        XCTAssertTrue(fish.contains("-x -a 'prepare cutover verify cleanup'"), "a choice offers its values")
        XCTAssertTrue(zsh.contains(":value:(text json markdown sarif)"))
    }

    /// The `_arguments` line of the `case` branch `WORD)`.
    private func zshArguments(_ script: String, branch word: String) -> Substring? {
        let lines = script.split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(word + ")") }) else {
            return nil
        }
        return lines[start...].first { $0.contains("_arguments") }
    }

    func testHelpTextIsEscapedForEachShell() {
        let option = OptionSpec("x", .text(placeholder: "V"), help: "it's [odd]: a\\b")
        XCTAssertEqual(ZshCompletion.specification(option), #"'--x[it'\''s \[odd\]\: a\\b]:V: '"#)
        XCTAssertEqual(FishCompletion.quoted("it's a\\b"), #"'it\'s a\\b'"#)
    }

    func testAShellIsRequiredAndKnown() throws {
        let missing = try BinaryRunner.run(["completion"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(
            missing.stderr, "irsa-migrate: completion needs one shell: bash, zsh, fish. See 'irsa-migrate completion --help'.\n")
        let unknown = try BinaryRunner.run(["completion", "tcsh"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no completion for tcsh"), unknown.stderr)
    }
}
