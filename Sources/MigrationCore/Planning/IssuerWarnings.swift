/// Warnings about an issuer URL given on the command line, shared by every planner.
enum IssuerWarnings {
    /// The EKS dual-stack host serves discovery but is never a token's `iss`: trust planned
    /// for it never matches a token.
    static func findings(for issuer: IssuerURL, option: String) -> [Finding] {
        let host = issuer.host
        guard host.hasPrefix("oidc-eks.") && host.hasSuffix(".api.aws") else { return [] }
        return [
            Finding(
                .warning, "issuer-not-token-issuer", subject: issuer.url,
                "\(host) is the EKS dual-stack discovery host, not the issuer tokens carry (oidc.eks.REGION.amazonaws.com): check \(option) against a token's iss claim"
            )
        ]
    }
}
