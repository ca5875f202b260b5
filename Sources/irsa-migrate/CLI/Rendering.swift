import Foundation
import MigrationCore

enum OutputFormat: String {
    case text, json, markdown
}

/// A plan in the output format asked for.
enum Rendering {
    /// - Parameter compactJSON: `plan.compactJSON()` when the caller has it already.
    static func render(_ plan: Plan, _ format: OutputFormat, compactJSON: Data? = nil) -> String {
        switch format {
        case .text: PlanTextRenderer.render(plan)
        case .json: PlanJSONRenderer.render(plan, compact: compactJSON)
        case .markdown: PlanMarkdownRenderer.render(plan)
        }
    }
}
