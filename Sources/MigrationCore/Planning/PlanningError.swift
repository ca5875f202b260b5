/// Errors that stop planning altogether (as opposed to findings, which leave items out).
public enum PlanningError: Error, Equatable, Sendable, CustomStringConvertible {
    case accessCheckFailed(role: String, unexpected: [String], missing: [String])

    public var description: String {
        switch self {
        case .accessCheckFailed(let role, let unexpected, let missing):
            var parts: [String] = []
            if !unexpected.isEmpty { parts.append("it would also allow \(unexpected.joined(separator: "; "))") }
            if !missing.isEmpty { parts.append("it would no longer allow \(missing.joined(separator: "; "))") }
            return
                "refusing the plan: the access check failed for \(role): \(parts.joined(separator: " and ")). This is a bug in irsa-migrate; please report it with the snapshot."
        }
    }
}
