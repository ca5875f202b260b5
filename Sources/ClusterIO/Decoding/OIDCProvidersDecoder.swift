import Foundation
import MigrationCore

/// Reads `aws iam list-open-id-connect-providers --output json`, optionally enriched per
/// entry with the `Url` and `ClientIDList` of `get-open-id-connect-provider`. Lists of
/// several accounts may follow one another in the same file.
public enum OIDCProvidersDecoder {
    private struct ListDTO: Decodable {
        var OpenIDConnectProviderList: [EntryDTO]?
    }

    private struct EntryDTO: Decodable {
        var Arn: String?
        var Url: String?
        var ClientIDList: [String]?
    }

    /// Accepts one list document or several in a row (one per account).
    public static func decode(_ data: Data, source: String = "oidc-providers.json") throws(DecodeError) -> [OIDCProvider] {
        let pieces = JSONDocumentSplitter.split([UInt8](data))
        var byARN: [String: OIDCProvider] = [:]
        for (number, piece) in (pieces.isEmpty ? [[]] : pieces).enumerated() {
            let which = pieces.count > 1 ? "document \(number + 1): " : ""
            let list: ListDTO
            try JSONNesting.check(piece, source: source, context: String(which.dropLast(2)))
            do {
                list = try JSONDecoder().decode(ListDTO.self, from: Data(piece))
            } catch {
                throw DecodeError.wrapping(error, source: source, context: String(which.dropLast(2)))
            }
            guard let entries = list.OpenIDConnectProviderList else {
                throw DecodeError(
                    source: source, message: which + "expected an object with an \"OpenIDConnectProviderList\" array")
            }
            for (index, entry) in entries.enumerated() {
                guard let arn = entry.Arn, !arn.isEmpty else {
                    throw DecodeError(source: source, message: which + "OpenIDConnectProviderList[\(index)] has no \"Arn\"")
                }
                if byARN[arn] == nil {
                    byARN[arn] = OIDCProvider(
                        arn: arn, url: entry.Url.map(IssuerURL.strippingScheme), clientIDs: entry.ClientIDList)
                }
            }
        }
        return byARN.values.sorted { $0.arn < $1.arn }
    }
}
