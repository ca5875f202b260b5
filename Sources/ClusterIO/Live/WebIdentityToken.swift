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

extension IdentityCheck {
    /// An issuer URL or `iss` claim as host and path, to compare the two.
    static func hostAndPath(_ url: String) -> String {
        var text = IssuerURL.strippingScheme(url)
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
