import MigrationCore

enum OutputFormat: String {
    case text, json, markdown
}

/// A plan in the output format asked for, as UTF-8 bytes.
enum Rendering {
    static func render(_ plan: Plan, _ format: OutputFormat) -> [UInt8] {
        var document: [UInt8] = []
        write(plan, format) { document += $0 }
        return document
    }

    /// Hands the document to `emit` in pieces (the JSON plan of a large estate is never held whole).
    static func write(_ plan: Plan, _ format: OutputFormat, to emit: ([UInt8]) -> Void) {
        switch format {
        case .text: emit(Array(PlanTextRenderer.render(plan).utf8))
        case .json: PlanJSONRenderer.write(plan, to: emit)
        case .markdown: emit(Array(PlanMarkdownRenderer.render(plan).utf8))
        }
    }
}
