import Foundation

/// Picks the line of a client's stderr that explains a failure.
///
/// The kubectl dispatcher here prints a version-skew warning first and the AWS CLI may print
/// deprecation notes, so the last line is not always the one that matters: prefer a line
/// that looks like an error, skip warnings, and cap the length so one line stays one line.
enum StderrDigest {
    static func relevantLine(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let errorMarkers = [
            "Error from server", "error:", "An error occurred", "is invalid", "Unable to locate credentials", "Could not connect",
        ]
        let chosen =
            lines.first { line in errorMarkers.contains { line.contains($0) } }
            ?? lines.last { !isWarning($0) } ?? lines.last ?? ""
        return chosen.count > 400 ? String(chosen.prefix(400)) + "…" : chosen
    }

    private static func isWarning(_ line: String) -> Bool {
        let lowered = line.lowercased()
        return lowered.hasPrefix("warning") || lowered.hasPrefix("note:") || lowered.contains("version skew")
    }
}
