import ClusterIO
import Foundation
import MigrationCore

/// `irsa-migrate snapshot --out DIR LIVE`: writes what the live clients print into a
/// snapshot directory, so a plan can later be made (and reviewed) without credentials.
struct SnapshotCommand {
    var directory: String
    var live: LiveOptions
    /// Off by default: only `plan instance-role` reads it, and it is one more call per account.
    var authorizationDetails: Bool

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.snapshot)
        try arguments.noPositionals()
        directory = try arguments.required(Options.snapshotOut, Options.snapshotOut.help.first ?? "")
        live = try LiveOptions(arguments)
        authorizationDetails = arguments.flag(Options.includeAuthorizationDetails)
    }

    func run() async throws -> Int32 {
        Console.err("Reading the inventory through kubectl and aws...")
        var reader = InventorySource.liveReader(live)
        reader.authorizationDetails = authorizationDetails
        let raw = try await SnapshotTaker(reader: reader).take(to: directory)
        let inventory = try raw.decode()
        Console.err(
            "Wrote a snapshot to \(directory): \(inventory.workloads.count) workloads, "
                + "\(inventory.serviceAccounts.count) service accounts, \(inventory.roles.count) roles.")
        return ExitCode.success
    }
}
