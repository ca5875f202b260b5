import Foundation
import MigrationCore

/// The claims of a service account token, read without checking its signature: the
/// verifier only compares them with the trust policy; STS checks the signature.
enum WebIdentityToken {
    static func claims(_ token: String) -> TokenClaims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let payload = try? JSONValue(parsing: [UInt8](data)),
            let iss = payload["iss"]?.stringValue, let sub = payload["sub"]?.stringValue
        else { return nil }
        let aud = payload["aud"]?.stringValue.map { [$0] } ?? payload["aud"]?.stringList ?? []
        return TokenClaims(iss: iss, sub: sub, aud: aud)
    }
}

/// What a verify step was planned to prove, from its `forward` payload.
struct VerificationPlan {
    var roleARN: String
    /// `serviceaccount/NS/NAME`; nil when the plan had no exact subject to mint a token for.
    var serviceAccount: ObjectRef?
    var audience: String
    var issuer: String

    init(_ step: Step) {
        roleARN = step.forward["roleARN"]?.stringValue ?? ""
        serviceAccount = step.forward["serviceAccount"]?.stringValue.flatMap { ObjectRef(parsing: $0) }
        audience = step.forward["audience"]?.stringValue ?? Annotations.defaultAudience
        issuer = step.forward["issuer"]?.stringValue ?? ""
    }

    static func hostAndPath(_ url: String) -> String {
        var text = url
        if text.hasPrefix("https://") { text.removeFirst("https://".count) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
