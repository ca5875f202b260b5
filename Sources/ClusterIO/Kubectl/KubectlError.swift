/// A failed kubectl call, classified from the `Error from server (Reason)` line so callers
/// can tell "already gone" from "someone changed it" from "not allowed".
public enum KubectlError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(target: String, detail: String)
    case alreadyExists(target: String, detail: String)
    /// 409: the object changed since it was read.
    case conflict(target: String, detail: String)
    /// 422: a field is invalid, or a JSON patch `test` operation did not match.
    case invalid(target: String, detail: String)
    case forbidden(target: String, detail: String)
    case unauthorized(detail: String)
    /// Any other non-zero exit.
    case failed(command: String, exitStatus: Int32, detail: String)
    /// The call worked but printed something we cannot read.
    case unreadableOutput(command: String, detail: String)
    case command(CommandError)

    public var description: String {
        switch self {
        case .notFound(let target, let detail):
            return "kubectl: \(target) not found (\(detail)); check the name, namespace and context, or re-plan"
        case .alreadyExists(let target, let detail):
            return "kubectl: \(target) already exists (\(detail))"
        case .conflict(let target, let detail):
            return
                "kubectl: \(target) was changed by someone else while we wrote it (\(detail)); retry, or re-plan if it keeps changing"
        case .invalid(let target, let detail):
            return
                "kubectl: the change to \(target) was rejected as invalid (\(detail)); if a precondition test failed, the object drifted: re-plan"
        case .forbidden(let target, let detail):
            return "kubectl: not allowed on \(target) (\(detail)); grant the ClusterRole from docs/ to this identity"
        case .unauthorized(let detail):
            return "kubectl: not logged in to the cluster (\(detail)); refresh credentials for this context"
        case .failed(let command, let exitStatus, let detail):
            return "'\(command)' failed with exit status \(exitStatus): \(detail)"
        case .unreadableOutput(let command, let detail):
            return "'\(command)' printed output we cannot read: \(detail)"
        case .command(let error):
            return error.description
        }
    }

    /// Classifies a non-zero exit from its stderr.
    static func classify(_ result: CommandResult, command: String, target: String) -> KubectlError {
        let stderr = result.stderrText
        let line = StderrDigest.relevantLine(stderr)
        func has(_ reason: String) -> Bool { stderr.contains("Error from server (\(reason))") }
        // `create token` prints the server's 404 without the `Error from server (NotFound)` prefix.
        let tokenNotFound = stderr.contains(/failed to create token: [a-z0-9.]+ "[^"\n]+" not found/)
        if has("NotFound") || tokenNotFound { return .notFound(target: target, detail: line) }
        if has("AlreadyExists") { return .alreadyExists(target: target, detail: line) }
        if has("Conflict") { return .conflict(target: target, detail: line) }
        if has("Forbidden") { return .forbidden(target: target, detail: line) }
        if has("Invalid") || has("UnprocessableEntity") || stderr.contains(" is invalid: ")
            || stderr.contains("The request is invalid") || stderr.contains("testing value")
        {
            return .invalid(target: target, detail: line)
        }
        if stderr.contains("(Unauthorized)") || stderr.contains("must be logged in") {
            return .unauthorized(detail: line)
        }
        return .failed(command: command, exitStatus: result.exitStatus, detail: line)
    }
}
