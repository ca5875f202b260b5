/// Reads the members of one map entry, each error naming the entry and member.
struct EntryFields {
    let element: JSONValue
    let location: String

    func string(_ key: String) throws(ServiceAccountMapError) -> String? {
        guard let value = element[key], value != .null else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw ServiceAccountMapError("\(location).\(key) must be a non-empty string")
        }
        return text
    }

    func strings(_ key: String) throws(ServiceAccountMapError) -> [String] {
        guard let value = element[key], value != .null else { return [] }
        guard let list = value.arrayValue, list.allSatisfy({ !($0.stringValue ?? "").isEmpty }) else {
            throw ServiceAccountMapError("\(location).\(key) must be an array of non-empty strings")
        }
        return list.compactMap(\.stringValue)
    }

    func flag(_ key: String) throws(ServiceAccountMapError) -> Bool {
        guard let value = element[key], value != .null else { return false }
        guard case .bool(let flag) = value else { throw ServiceAccountMapError("\(location).\(key) must be true or false") }
        return flag
    }

    func tags() throws(ServiceAccountMapError) -> [String: String] {
        guard let value = element["tags"], value != .null else { return [:] }
        guard let members = value.members, members.allSatisfy({ $0.value.stringValue != nil }) else {
            throw ServiceAccountMapError("\(location).tags must be an object of strings")
        }
        return Dictionary(members.map { ($0.key, $0.value.stringValue ?? "") }, uniquingKeysWith: { _, last in last })
    }

    func account() throws(ServiceAccountMapError) -> ObjectRef? {
        guard let metadata = element["metadata"], metadata != .null else { return nil }
        guard let name = metadata["name"]?.stringValue, !name.isEmpty else {
            throw ServiceAccountMapError("\(location).metadata.name must be a non-empty string")
        }
        let namespace = metadata["namespace"]?.stringValue ?? "default"
        return .serviceAccount(namespace.isEmpty ? "default" : namespace, name)
    }

    func workload() throws(ServiceAccountMapError) -> ObjectRef? {
        guard let text = try string("workload") else { return nil }
        guard let ref = ObjectRef(parsing: text), ref.kind != .serviceaccount, ref.kind != .namespace else {
            throw ServiceAccountMapError(
                "\(location).workload must be KIND/NAMESPACE/NAME, e.g. deployment/kube-system/external-dns")
        }
        return ref
    }
}
