import Foundation

/// Results go to stdout; progress, warnings and errors to stderr (docs/architecture.md, "Streams and errors").
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// An error a user can act on: one line saying what failed, on what, why, and what next.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let changesPlanned: Int32 = 2
    static let usage: Int32 = 64
}
