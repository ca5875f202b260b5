import Foundation
import MigrationCore

extension LiveInventoryReader {
    /// Sets the tags of every listed role that has none from one `get-account-authorization-details
    /// --filter Role` per account. Only `IAMRole.tags` changes: the inventory digest does not
    /// cover tags, so a live plan keeps the digest of a snapshot taken at the same moment.
    func addRoleTags(to inventory: inout Inventory) async throws(LiveInventoryError) {
        var tags: [String: [String: String]] = [:]
        for aws in accounts {
            let data: Data
            do {
                data = try await aws.roleDetailsJSON()
            } catch {
                throw .aws(error)
            }
            do {
                for role in try AuthorizationDetailsDecoder.decode(data).roles where !role.tags.isEmpty {
                    tags[role.arn] = role.tags
                }
            } catch {
                throw .decoding(error)
            }
        }
        for index in inventory.roles.indices where inventory.roles[index].tags.isEmpty {
            inventory.roles[index].tags = tags[inventory.roles[index].arn] ?? [:]
        }
    }
}
