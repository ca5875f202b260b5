extension Int {
    /// `1 step`, `3 steps`: a count with its noun, for summaries and step lines.
    public func counted(_ noun: String) -> String {
        "\(self) \(noun)\(self == 1 ? "" : "s")"
    }
}
