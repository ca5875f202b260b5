import Foundation

extension AWSCLI {
    /// Environment for every call: our retries replace the CLI's, and no pager may wait for a key.
    static let childEnvironment = ["AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard", "AWS_PAGER": ""]

    /// The full argv for an aws subcommand, with output and connection flags appended.
    public func arguments(_ subcommand: [String]) -> [String] {
        var arguments = [options.path] + subcommand + ["--output", "json"]
        if let profile = options.profile { arguments += ["--profile", profile] }
        if let region = options.region { arguments += ["--region", region] }
        if let endpoint = options.endpointURL { arguments += ["--endpoint-url", endpoint] }
        return arguments
    }

    /// Runs one call, retrying throttling and server errors under `retry`, and classifies the
    /// final failure. Error texts carry the service and operation only, never the arguments,
    /// which may hold policy documents.
    func call(_ subcommand: [String], stdin: Data? = nil, target: String) async throws(AWSError) -> CommandResult {
        let command = Command(arguments(subcommand), stdin: stdin, environment: Self.childEnvironment, timeout: options.timeout)
        let operation = subcommand.prefix(2).joined(separator: " ")
        return try await retry.run(
            { (attempt: Int) async throws(AWSError) -> CommandResult in
                let result: CommandResult
                do throws(CommandError) {
                    result = try await runner.run(command)
                } catch {
                    throw .command(error)
                }
                if result.exitStatus == 0 { return result }
                let stderr = result.stderrText
                guard let serviceError = AWSError.ServiceError.parse(stderr) else {
                    throw .failed(
                        command: "\(options.path) \(operation)", exitStatus: result.exitStatus,
                        detail: StderrDigest.relevantLine(stderr))
                }
                if serviceError.isThrottling && attempt >= retry.maxAttempts {
                    throw .throttled(operation: operation, target: target, attempts: attempt)
                }
                throw AWSError.from(serviceError, operation: operation, target: target)
            }, isTransient: \.isTransient)
    }

    func decode<T: Decodable>(_ data: Data, _ command: String) throws(AWSError) -> T {
        do {
            try JSONNesting.check(data, source: command)
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodeError {
            throw .unreadableOutput(command: command, detail: error.message)
        } catch {
            throw .unreadableOutput(command: command, detail: DecodeError.wrapping(error, source: command).message)
        }
    }
}
