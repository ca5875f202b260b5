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
    /// The API server did not answer this time (429, 5xx, a refused, reset or dropped
    /// connection, a timeout): retried under the retry policy, reported when it persists.
    case unavailable(command: String, target: String, detail: String)
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
        case .unavailable(let command, let target, let detail):
            return
                "'\(command)' on \(target): the Kubernetes API did not answer (\(detail)); check that the cluster is reachable, then run the command again"
        case .failed(let command, let exitStatus, let detail):
            return "'\(command)' failed with exit status \(exitStatus): \(detail)"
        case .unreadableOutput(let command, let detail):
            return "'\(command)' printed output we cannot read: \(detail)"
        case .command(let error):
            return error.description
        }
    }

    /// Worth another attempt: only a call the API server did not answer. A 409 conflict is
    /// not: the caller re-reads the object and decides again.
    var isTransient: Bool {
        if case .unavailable = self { return true }
        return false
    }

    /// What kubectl (client-go) prints when the API server failed or could not be reached.
    /// "timed out waiting for the condition" (a rollout that did not finish) is not one.
    static let transientMarkers = [
        "Unable to connect to the server", "The connection to the server", "the server is currently unable to handle the request",
        "an error on the server", "connection refused", "connection reset by peer", "i/o timeout",
        "TLS handshake timeout", "Client.Timeout exceeded", "http2: server sent GOAWAY",
        "the server has received too many requests",
        "the server was unable to return a response in the time allotted",
    ]

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
        let serverReasons = ["InternalError", "ServiceUnavailable", "TooManyRequests", "Timeout", "ServerTimeout"]
        if serverReasons.contains(where: has) || transientMarkers.contains(where: stderr.contains)
            || stderr.contains(/: (unexpected )?EOF\s*$/)
        {
            return .unavailable(command: command, target: target, detail: line)
        }
        return .failed(command: command, exitStatus: result.exitStatus, detail: line)
    }
}
