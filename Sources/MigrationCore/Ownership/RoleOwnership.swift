/// Reads who manages an IAM role from its tags: CloudFormation's own stack tag, a team's
/// `--iac-owned-tag` rules, then Terraform's common conventions (a `terraform` tag, or
/// `ManagedBy` / `managed-by` / `managed_by` set to `terraform`, any case).
enum RoleOwnership {
    static let cloudFormationStack = "aws:cloudformation:stack-name"
    private static let managedByKeys: Set<String> = ["managedby", "managed-by", "managed_by", "manager"]

    static func owner(tags: [String: String], rules: [IaCTagRule]) -> Owner? {
        if let stack = tags[cloudFormationStack] {
            return Owner(.cloudFormation, name: stack, evidence: "tag \(cloudFormationStack)=\(stack)")
        }
        for rule in rules {
            if let owner = rule.owner(tags: tags) { return owner }
        }
        for key in tags.keys.sorted() {
            let value = tags[key] ?? ""
            let lowerKey = key.lowercased()
            let byKey = lowerKey == "terraform" && !["false", "no", "0"].contains(value.lowercased())
            let byValue = managedByKeys.contains(lowerKey) && value.lowercased().hasPrefix("terraform")
            if byKey || byValue { return Owner(.terraform, evidence: "tag \(key)=\(value)") }
        }
        return nil
    }
}
