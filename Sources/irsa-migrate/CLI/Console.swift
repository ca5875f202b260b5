import Foundation

/// Results go to stdout; progress, warnings and errors to stderr (docs/architecture.md, "Streams and errors").
enum Console {
    static func out(_ text: String) {
        var text = text
        text.withUTF8(write)
    }

    static func out(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer(write)
    }

    /// Written from the caller's own bytes: the JSON plan of a large estate is tens of
    /// megabytes, and a copy into a Data doubled it at the peak of `plan`.
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        FileHandle.standardOutput.write(
            Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none))
    }

    static func err(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
