import ClusterIO
import Foundation
import MigrationCore

/// `irsa-migrate snapshot --out DIR LIVE`: writes what the live clients print into a
/// snapshot directory, so a plan can later be made (and reviewed) without credentials.
struct SnapshotCommand {
    var directory: String
    var live: LiveOptions

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(
            words, command: "snapshot", valueOptions: SourceOption.valueNames.subtracting(["snapshot"]).union(["out"]), flags: [])
        try arguments.noPositionals()
        directory = try arguments.required("out", "the directory to write the snapshot into")
        guard case .live(let options) = try SourceOption(arguments) else {
            throw UsageError("snapshot reads the live clients only", command: "snapshot")
        }
        live = options
    }

    func run() async throws -> Int32 {
        Console.err("Reading the inventory through kubectl and aws...")
        let raw = try await SnapshotTaker(reader: InventorySource.liveReader(live)).take(to: directory)
        let inventory = try raw.decode()
        Console.err(
            "Wrote a snapshot to \(directory): \(inventory.workloads.count) workloads, "
                + "\(inventory.serviceAccounts.count) service accounts, \(inventory.roles.count) roles.")
        return ExitCode.success
    }
}
