import MigrationCore

/// Values several commands read the same way, checked once with one wording.
extension ParsedArguments {
    /// A required issuer URL option.
    func issuer(_ option: OptionSpec) throws(UsageError) -> IssuerURL {
        try issuer(try required(option, option.help.first ?? ""), given: option)
    }

    func issuer(_ text: String, given option: OptionSpec) throws(UsageError) -> IssuerURL {
        guard let issuer = IssuerURL(text) else {
            throw UsageError(
                "--\(option.name) \(text.debugDescription) is not an https issuer URL (a host name and an optional path of letters, digits and -._~; no port, query, quote, backslash, * or ..)",
                command: command)
        }
        return issuer
    }

    func audience(_ option: OptionSpec) throws(UsageError) -> String {
        let audience = try text(option) ?? ""
        guard !audience.isEmpty else { throw UsageError("--\(option.name) must not be empty", command: command) }
        return audience
    }

    /// `--role-base-arn`, which must name the role prefix of an IAM ARN.
    func roleBaseARN() throws(UsageError) -> String? {
        let base = try value(Options.roleBaseARN)
        if let base, ARN(base)?.service != "iam" || !(ARN(base)?.resource.hasPrefix("role/") ?? false) {
            throw UsageError("--role-base-arn must look like arn:aws:iam::111122223333:role/, not \(base)", command: command)
        }
        return base
    }
}
