import Foundation
import MigrationCore

/// rollback's inverse files for owned steps: on stdout after the outcome lines, or written
/// under `--out DIR` (one line each on stdout saying where).
enum InverseFiles {
    static func emit(_ report: ExecutionReport, plan: Plan, out: String?) throws {
        for (position, inverse) in report.inverses.sorted(by: { $0.key > $1.key }) {
            let step = plan.steps.first { $0.position == position }
            let heading = "inverse of step \(position)" + (step.map { " (\($0.action.rawValue) \($0.target))" } ?? "")
            guard let file = inverse.file else {
                Console.out("\(heading): \(inverse.instruction)\n")
                continue
            }
            guard let out else {
                Console.out("\(heading): \(inverse.instruction)\n\(file.contents)")
                continue
            }
            let url = try file.write(under: out)
            Console.out("\(heading): \(inverse.instruction): wrote \(url.path)\n")
        }
    }
}
