import MigrationCore
import TestSupport

/// A small seeded generator (SplitMix64): the same seed gives the same cases on every machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random estates for the planners' property test: trust documents with Allow and Deny,
/// StringEquals / StringLike / ForAnyValue / Not / IgnoreCase operators, Federated strings
/// and arrays, several issuers and accounts, and kiam workloads with service accounts.
struct TrustCaseGenerator {
    static let old = IssuerURL("https://old.example.com/c")!
    static let new = IssuerURL("https://new.example.com/c")!
    static let other = IssuerURL("https://other.example.com/c")!
    static let accounts = ["111122223333", "444455556666"]
    static let subjects = [
        "system:serviceaccount:a:x", "system:serviceaccount:a:*", "system:serviceaccount:b:y",
        "system:serviceaccount:prod-*:*", "system:serviceaccount:b:default", "*",
    ]
    static let audiences = ["sts.amazonaws.com", "other-aud", "sts.*"]
    static let operators = [
        "StringEquals", "StringEquals", "StringLike", "StringNotEquals", "StringNotLike", "ForAnyValue:StringLike",
        "StringEqualsIgnoreCase", "StringLikeIfExists",
    ]

    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    static func provider(_ issuer: IssuerURL, account: String) -> String {
        ARN.oidcProvider(partition: "aws", account: account, issuer: issuer).description
    }

    mutating func statement(account: String) -> String {
        let issuers = [Self.old, Self.old, Self.new, Self.other]
        let issuer = pick(issuers)
        let foreignAccount = chance(10) ? pick(Self.accounts) : account
        var providers = [Self.provider(issuer, account: foreignAccount)]
        if chance(15) { providers.append(Self.provider(pick(issuers), account: account)) }
        let principal: String
        if chance(5) {
            principal = #""*""#
        } else if chance(8) {
            principal = #"{"AWS":"arn:aws:iam::\#(account):role/kiam-server"}"#
        } else {
            let value = providers.count == 1 && chance(70) ? "\"\(providers[0])\"" : json(providers)
            principal = #"{"Federated":\#(value)}"#
        }
        let action = chance(90) ? #""sts:AssumeRoleWithWebIdentity""# : #"["sts:AssumeRoleWithWebIdentity","sts:TagSession"]"#
        var blocks: [String: [String]] = [:]
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let keyIssuer = chance(85) ? issuer : pick(issuers)
            let isSub = chance(65)
            let key = keyIssuer.hostAndPath + (isSub ? ":sub" : ":aud")
            let values = (0..<Int.random(in: 1...2, using: &random)).map { _ in isSub ? pick(Self.subjects) : pick(Self.audiences)
            }
            blocks[pick(Self.operators), default: []].append(#""\#(key)":\#(json(values))"#)
        }
        let condition =
            blocks.isEmpty
            ? ""
            : #","Condition":{"#
                + blocks.sorted { $0.key < $1.key }.map { #""\#($0.key)":{\#($0.value.joined(separator: ","))}"# }
                .joined(separator: ",") + "}"
        let effect = chance(22) ? "Deny" : "Allow"
        let sid = chance(20) ? #""Sid":"S\#(Int.random(in: 0...2, using: &random))","# : ""
        return #"{\#(sid)"Effect":"\#(effect)","Principal":\#(principal),"Action":\#(action)\#(condition)}"#
    }

    mutating func role(_ index: Int, kiam: Bool) -> IAMRole {
        let account = chance(85) ? Self.accounts[0] : Self.accounts[1]
        var statements = (0..<Int.random(in: 1...4, using: &random)).map { _ in statement(account: account) }
        if kiam {
            statements.insert(
                #"{"Effect":"Allow","Principal":{"AWS":"\#(Fixtures.kiamServer)"},"Action":"sts:AssumeRole"}"#, at: 0)
        }
        let arn = "arn:aws:iam::\(account):role/r\(index)"
        return IAMRole(
            arn: arn, name: "r\(index)",
            trustPolicyText: #"{"Version":"2012-10-17","Statement":[\#(statements.joined(separator: ","))]}"#)
    }

    /// `count` roles (cases) for an issuer move (old -> new), planned together.
    mutating func issuerMoveInventory(roles count: Int) -> Inventory {
        Inventory(roles: (0..<count).map { role($0, kiam: false) })
    }

    /// `count` roles (cases), each with one to three kiam workloads in its own namespaces
    /// (`nN-a`, `nN-b`, permitting every role) and sometimes a workload of another role.
    mutating func kiamInventory(roles count: Int) -> Inventory {
        var inventory = Inventory(roles: (0..<count).map { role($0, kiam: true) })
        let kinds: [ObjectRef.Kind] = [.deployment, .statefulset, .cronjob, .job]
        for (index, role) in inventory.roles.enumerated() {
            let names = ["n\(index)-a", "n\(index)-b"]
            let (namespaces, defaults) = Fixtures.namespaces(names)
            inventory.namespaces += namespaces
            inventory.serviceAccounts +=
                defaults + [Fixtures.serviceAccount(names[0], "x"), Fixtures.serviceAccount(names[1], "y")]
            for workload in 0..<Int.random(in: 1...3, using: &random) {
                let namespace = Int.random(in: 0...1, using: &random)
                let account = chance(30) ? nil : (namespace == 0 ? "x" : "y")
                let arn = chance(85) ? role.arn : pick(inventory.roles).arn
                inventory.workloads.append(
                    Fixtures.workload(
                        pick(kinds), names[namespace], "w\(workload)", role: chance(92) ? arn : nil, serviceAccount: account))
            }
        }
        return inventory
    }

    private func json(_ values: [String]) -> String {
        "[" + values.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }
}
