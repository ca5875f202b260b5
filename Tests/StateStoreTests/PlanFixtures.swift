import MigrationCore

/// Small hand-built plans for the store tests.
enum PlanFixtures {
    static let roleARN = "arn:aws:iam::111122223333:role/orders-api"

    static func plan(id: String = "3f2a9c0d1e", createdAt: String = "2026-11-23T10:00:00Z") -> Plan {
        let steps = [
            Step(
                position: 1, phase: .prepare, action: .addTrustStatements, target: roleARN,
                summary: "trust orders/orders-api from the cluster issuer", fingerprint: "sha256:aaaa",
                // Keys deliberately unsorted and a non-integer literal: both must survive the store.
                forward: .object([
                    "statements": .array([.object(["Sid": .string("irsa"), "Effect": .string("Allow")])]),
                    "issuer": .string("https://oidc.example.com/id/ABC"), "weight": .number("1.50"),
                ]),
                inverse: .object(["removeSids": .strings(["irsa"])])),
            Step(
                position: 2, phase: .prepare, action: .annotateServiceAccount, target: "serviceaccount/orders/orders-api",
                summary: "annotate with the role", dependsOn: ["add-trust-statements:\(roleARN)"],
                fingerprint: "sha256:bbbb",
                forward: .object(["eks.amazonaws.com/role-arn": .string(roleARN)]), inverse: .object(["remove": .bool(true)])),
            Step(
                position: 3, phase: .verify, action: .verifyWorkload, target: "deployment/orders/orders-api",
                summary: "check the pods", forward: .object(["audience": .string("sts.amazonaws.com")])),
        ]
        return Plan(
            header: .init(
                id: id, kind: .kiamToIRSA, createdAt: createdAt, inputDigest: "sha256:0123",
                options: ["concurrency": "4", "namespace": "orders"]),
            summary: .init(workloads: 1, serviceAccounts: 1, roles: 1, steps: steps.count, blocked: 0),
            findings: [
                Finding(.warning, "default-service-account", subject: "deployment/orders/worker", "uses the default SA"),
                Finding(.info, "already-irsa", subject: "deployment/orders/api", "already uses IRSA"),
            ],
            steps: steps,
            roles: [
                RoleChange(
                    arn: roleARN, quota: 2048, sizeBefore: 100, sizeAfter: 300,
                    before: .object(["Statement": .array([]), "Version": .string("2012-10-17")]),
                    after: .object([
                        "Statement": .array([.object(["Effect": .string("Allow")])]), "Version": .string("2012-10-17"),
                    ]))
            ],
            notes: ["accounts": .strings(["111122223333"])])
    }

    static var firstStepID: String { "add-trust-statements:\(roleARN)" }
    static var secondStepID: String { "annotate-service-account:serviceaccount/orders/orders-api" }
}
