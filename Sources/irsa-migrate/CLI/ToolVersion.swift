/// The version stored with every plan.
enum ToolVersion {
    static let current = "0.1.0"
}
