import Foundation
import MigrationCore

extension PlanCommand {
    /// `plan instance-role`: its options and the map file, read and checked here so a bad map
    /// is a one-line usage error naming the file and the entry.
    static func instanceRoleKind(_ arguments: ParsedArguments) throws(UsageError) -> Kind {
        let map = try arguments.text(Options.serviceAccounts).map { path throws(UsageError) in
            try readMap(path, command: arguments.command)
        }
        let options = InstanceRoleOptions(
            issuer: try arguments.issuer(Options.issuer), audience: try arguments.audience(Options.audience),
            trustPolicyQuota: try arguments.integer(Options.trustPolicyQuota), nodeRoles: arguments.all(Options.nodeRole),
            cleanup: arguments.flag(Options.nodeRoleCleanup), mapDigest: map?.digest)
        return .instanceRole(options, map)
    }

    /// `--write-map FILE`, only without a map: discovery writes, a map plans.
    static func writeMapPath(_ arguments: ParsedArguments) throws(UsageError) -> String? {
        guard let path = try arguments.text(Options.writeMap) else { return nil }
        if try arguments.text(Options.serviceAccounts) != nil {
            throw UsageError(
                "--write-map writes a starter map when there is none; drop it or --service-accounts", command: arguments.command)
        }
        return path
    }

    /// Writes the starter map; the path is the user's, so a failure is one line naming it.
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw UsageError(
                "cannot write the starter map to \(path) (\((error as NSError).localizedDescription)); check the path given to --write-map",
                command: "plan instance-role")
        }
        Console.err(
            "Wrote a starter map to \(path): review it (copyFromNodeRole, detachFromNodeRole), then plan with --service-accounts \(path)."
        )
    }

    private static func readMap(_ path: String, command: String) throws(UsageError) -> ServiceAccountMap {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UsageError(
                "cannot read the service account map \(path) (\((error as NSError).localizedDescription)); check the path given to --service-accounts",
                command: command)
        }
        do {
            return try ServiceAccountMap(parsing: text)
        } catch {
            throw UsageError(
                "the service account map \(path) cannot be used: \(error.message); fix it, then plan again", command: command)
        }
    }
}
