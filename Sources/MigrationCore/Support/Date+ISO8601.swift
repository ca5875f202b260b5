import Foundation

extension Date {
    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds): how plans and the journal store times.
    public var iso8601: String { formatted(.iso8601) }

    /// Parses what `iso8601` writes, with or without fractional seconds; nil for anything else.
    public init?(iso8601 text: String) {
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: fractional)) else {
            return nil
        }
        self = date
    }
}
