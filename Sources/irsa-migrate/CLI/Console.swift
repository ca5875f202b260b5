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
