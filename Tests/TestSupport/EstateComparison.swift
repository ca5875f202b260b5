import MigrationCore

/// Compares two inventories in what apply changes: each role's trust document (parsed, so
/// whitespace and key order do not count, statement order does), each service account's
/// annotations, and each workload's service account and pod template annotations.
public enum EstateComparison {
    /// One line per difference, empty when the estates match.
    public static func differences(expected: Inventory, actual: Inventory) -> [String] {
        compare("role", trust(expected), trust(actual))
            + compare("serviceaccount", accounts(expected), accounts(actual))
            + compare("workload", templates(expected), templates(actual))
    }

    private static func compare(_ what: String, _ expected: [String: String], _ actual: [String: String]) -> [String] {
        Set(expected.keys).union(actual.keys).sorted().compactMap { key in
            guard expected[key] != actual[key] else { return nil }
            return "\(what) \(key): expected \(expected[key] ?? "nothing"), found \(actual[key] ?? "nothing")"
        }
    }

    private static func trust(_ inventory: Inventory) -> [String: String] {
        Dictionary(
            inventory.roles.map { role in
                let text = role.trustPolicyText ?? ""
                return (role.arn, (try? JSONValue(parsing: text).serialized(.canonical)) ?? text)
            }, uniquingKeysWith: { first, _ in first })
    }

    private static func accounts(_ inventory: Inventory) -> [String: String] {
        Dictionary(
            inventory.serviceAccounts.map { ("\($0.namespace)/\($0.name)", describe($0.annotations)) },
            uniquingKeysWith: { first, _ in first })
    }

    private static func templates(_ inventory: Inventory) -> [String: String] {
        Dictionary(
            inventory.workloads.map { workload in
                let name = workload.template.serviceAccountName ?? ""
                let account = name.isEmpty ? "default" : name
                return (workload.ref.description, "serviceAccountName \(account), \(describe(workload.template.annotations))")
            }, uniquingKeysWith: { first, _ in first })
    }

    private static func describe(_ annotations: [String: String]) -> String {
        "annotations {" + annotations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
    }
}
