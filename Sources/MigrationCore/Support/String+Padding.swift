extension String {
    /// The text with spaces after it up to `width` characters, for aligned columns.
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
