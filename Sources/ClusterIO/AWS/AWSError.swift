import Foundation

/// A failed `aws` call, classified from the CLI's
/// `An error occurred (CODE) when calling the OPERATION operation: MESSAGE` line.
/// Each message says what failed, on what, and what to do.
public enum AWSError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchEntity(operation: String, target: String, message: String)
    case limitExceeded(operation: String, target: String, message: String)
    case malformedPolicyDocument(operation: String, target: String, message: String)
    case accessDenied(operation: String, target: String, message: String)
    case entityAlreadyExists(operation: String, target: String, message: String)
    /// Still throttled after every retry.
    case throttled(operation: String, target: String, attempts: Int)
    case other(code: String, operation: String, target: String, message: String)
    /// A non-zero exit without an AWS error code (no credentials, no connection, bad usage).
    case failed(command: String, exitStatus: Int32, detail: String)
    case unreadableOutput(command: String, detail: String)
    case command(CommandError)

    public var description: String {
        switch self {
        case .noSuchEntity(let operation, let target, let message):
            return "aws \(operation) on \(target): not found (\(message)); check the name and account, or re-plan"
        case .limitExceeded(let operation, let target, let message):
            return "aws \(operation) on \(target): an IAM quota was exceeded (\(message)); shrink the document or raise the quota"
        case .malformedPolicyDocument(let operation, let target, let message):
            return
                "aws \(operation) on \(target): IAM rejected the policy document (\(message)); check the document in the plan's report, then fix the role or re-plan"
        case .accessDenied(let operation, let target, let message):
            return "aws \(operation) on \(target): access denied (\(message)); grant the IAM policy from docs/ to this identity"
        case .entityAlreadyExists(let operation, let target, let message):
            return "aws \(operation) on \(target): already exists (\(message))"
        case .throttled(let operation, let target, let attempts):
            return "aws \(operation) on \(target): still throttled after \(attempts) attempts; retry later or lower --concurrency"
        case .other(let code, let operation, let target, let message):
            return "aws \(operation) on \(target) failed with \(code): \(message)"
        case .failed(let command, let exitStatus, let detail):
            return "'\(command)' failed with exit status \(exitStatus): \(detail); check credentials, region and endpoint"
        case .unreadableOutput(let command, let detail):
            return "'\(command)' printed output we cannot read: \(detail)"
        case .command(let error):
            return error.description
        }
    }

    /// Throttling and server-side failures: worth another attempt under the retry policy.
    var isTransient: Bool {
        guard case .other(let code, _, _, _) = self else { return false }
        return ServiceError(code: code, message: "").isRetryable
    }

    /// The code and message parsed out of an AWS CLI error line.
    struct ServiceError: Equatable {
        var code: String
        var message: String

        /// Throttling and server-side failures are worth another attempt; anything else is not.
        var isRetryable: Bool {
            let retryable: Set = [
                "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled",
                "InternalFailure", "InternalError", "ServiceFailure", "ServiceUnavailable", "ServiceUnavailableException",
            ]
            if retryable.contains(code) { return true }
            // botocore uses the HTTP status as the code when the body has none.
            if let status = Int(code), (500...599).contains(status) { return true }
            return false
        }

        var isThrottling: Bool {
            code.contains("Throttl") || code == "RequestLimitExceeded" || code == "TooManyRequestsException"
        }

        /// Parses `An error occurred (CODE) when calling the OP operation[ (reached max retries: N)]: MESSAGE`.
        static func parse(_ stderr: String) -> ServiceError? {
            guard let start = stderr.range(of: "An error occurred (") else { return nil }
            let rest = stderr[start.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { return nil }
            let code = String(rest[..<close])
            let tail = rest[close...]
            let line = tail.prefix { !$0.isNewline }
            var afterOperation = line.range(of: " operation").map { line[$0.upperBound...] } ?? line[line.endIndex...]
            if afterOperation.hasPrefix(" ("), let close = afterOperation.firstIndex(of: ")") {
                afterOperation = afterOperation[afterOperation.index(after: close)...]
            }
            let message = afterOperation.hasPrefix(": ") ? String(afterOperation.dropFirst(2)) : ""
            return ServiceError(code: code, message: message.trimmingCharacters(in: .whitespaces))
        }
    }

    static func from(_ error: ServiceError, operation: String, target: String) -> AWSError {
        switch error.code {
        case "NoSuchEntity", "NoSuchEntityException":
            return .noSuchEntity(operation: operation, target: target, message: error.message)
        case "LimitExceeded", "LimitExceededException":
            return .limitExceeded(operation: operation, target: target, message: error.message)
        case "MalformedPolicyDocument", "MalformedPolicyDocumentException":
            return .malformedPolicyDocument(operation: operation, target: target, message: error.message)
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
            return .accessDenied(operation: operation, target: target, message: error.message)
        case "EntityAlreadyExists", "EntityAlreadyExistsException":
            return .entityAlreadyExists(operation: operation, target: target, message: error.message)
        default: return .other(code: error.code, operation: operation, target: target, message: error.message)
        }
    }
}
