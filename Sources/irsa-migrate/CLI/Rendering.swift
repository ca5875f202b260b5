import MigrationCore

enum OutputFormat: String {
    case text, json, markdown
}

/// A plan in the output format asked for.
enum Rendering {
    static func render(_ plan: Plan, _ format: OutputFormat) -> String {
        switch format {
        case .text: PlanTextRenderer.render(plan)
        case .json: PlanJSONRenderer.render(plan)
        case .markdown: PlanMarkdownRenderer.render(plan)
        }
    }
}
