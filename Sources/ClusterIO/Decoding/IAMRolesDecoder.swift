import Foundation
import MigrationCore

/// Reads `aws iam list-roles --output json` (`{"Roles": [...]}`) and `aws iam get-role`
/// (`{"Role": {...}}`) into roles with their trust policy as JSON text.
///
/// The file goes through the order-preserving `JSONValue` parser rather than `JSONDecoder`,
/// because trust documents are written back to IAM and shown in diffs: their key order must
/// survive. At 5,000 roles the file is a few MB, which this parser reads in well under a second.
public enum IAMRolesDecoder {
    /// Accepts one `{"Roles": [...]}` document or several in a row (one per account);
    /// the first role seen wins when an ARN repeats.
    public static func decode(_ data: Data, source: String = "iam-roles.json") throws(DecodeError) -> [IAMRole] {
        let pieces = JSONDocumentSplitter.split([UInt8](data))
        var byARN: [String: IAMRole] = [:]
        for (number, piece) in (pieces.isEmpty ? [[]] : pieces).enumerated() {
            let document = try parse(Array(piece), source: source, number: pieces.count > 1 ? number + 1 : nil)
            guard let roles = document["Roles"]?.arrayValue else {
                throw DecodeError(
                    source: source,
                    message: "expected an object with a \"Roles\" array, as 'aws iam list-roles --output json' prints")
            }
            for (index, element) in roles.enumerated() {
                let role = try makeRole(element, source: source, context: "Roles[\(index)]")
                if byARN[role.arn] == nil { byARN[role.arn] = role }
            }
        }
        return byARN.values.sorted { $0.arn < $1.arn }
    }

    /// Reads the output of `aws iam get-role`.
    public static func decodeGetRole(_ data: Data, source: String = "aws iam get-role") throws(DecodeError) -> IAMRole {
        let document = try parse([UInt8](data), source: source, number: nil)
        guard let role = document["Role"] else {
            throw DecodeError(source: source, message: "expected an object with a \"Role\" member")
        }
        return try makeRole(role, source: source, context: "Role")
    }

    private static func parse(_ bytes: [UInt8], source: String, number: Int?) throws(DecodeError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            let which = number.map { "document \($0): " } ?? ""
            throw DecodeError(source: source, message: "\(which)not valid JSON: \(error)")
        }
    }

    private static func makeRole(_ element: JSONValue, source: String, context: String) throws(DecodeError) -> IAMRole {
        guard let arn = element["Arn"]?.stringValue, !arn.isEmpty else {
            throw DecodeError(source: source, message: "\(context) has no \"Arn\" string")
        }
        let name = element["RoleName"]?.stringValue ?? ARN(arn)?.roleName ?? ""
        let path = element["Path"]?.stringValue ?? "/"
        var tags: [String: String] = [:]
        for tag in element["Tags"]?.arrayValue ?? [] {
            if let key = tag["Key"]?.stringValue { tags[key] = tag["Value"]?.stringValue ?? "" }
        }
        return IAMRole(
            arn: arn, name: name, path: path, trustPolicyText: trustPolicyText(element["AssumeRolePolicyDocument"]), tags: tags)
    }

    /// The trust document as minified JSON in its original key order, whichever form it came
    /// in, so a snapshot taken through the CLI and one taken from the raw API plan the same.
    /// Text that is not JSON after percent-decoding is returned decoded but otherwise as is.
    static func trustPolicyText(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?:
            return nil
        case .string(let encoded)?:
            let decoded = PercentDecoding.decode(encoded)
            guard let parsed = try? JSONValue(parsing: decoded) else { return decoded }
            return parsed.serialized(.minified)
        case let other?:
            return other.serialized(.minified)
        }
    }
}
