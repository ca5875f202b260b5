import Foundation
import MigrationCore

extension Kubectl {
    /// An RFC 7386 merge patch (a `null` value removes a key); returns the patched object.
    @discardableResult
    public func mergePatch(_ ref: ObjectRef, _ patch: JSONValue) async throws(KubectlError) -> Data {
        let arguments =
            ["patch", Self.resource(ref.kind), ref.name] + scope(ref) + [
                "--type=merge", "-p", patch.serialized(.minified), "-o", "json",
            ]
        return try await call(arguments, target: ref.description).stdout
    }

    /// Creates an object from a JSON manifest on stdin; returns the created object.
    @discardableResult
    public func create(_ manifest: JSONValue, target: String) async throws(KubectlError) -> Data {
        try await call(["create", "-f", "-", "-o", "json"], stdin: Data(manifest.serialized(.minified).utf8), target: target)
            .stdout
    }
}
