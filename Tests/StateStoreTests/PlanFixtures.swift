import MigrationCore

/// Small hand-built plans for the store tests.
enum PlanFixtures {
    static let roleARN = "arn:aws:iam::111122223333:role/orders-api"
    static let role = ARN(roleARN)!

    static func plan(id: String = "3f2a9c0d1e", createdAt: String = "2026-11-23T10:00:00Z") -> Plan {
        let account = ObjectRef.serviceAccount("orders", "orders-api")
        let workload = ObjectRef(.deployment, namespace: "orders", name: "orders-api")
        let issuer = "https://oidc.example.com/id/ABC"
        let steps = [
            Step(
                position: 1, phase: .prepare, target: .arn(role), summary: "trust orders/orders-api from the cluster issuer",
                fingerprint: "sha256:aaaa",
                payload: .addTrustStatements(
                    TrustStatementEdit(
                        add: [.object(["Effect": .string("Allow"), "Sid": .string("irsa")])], remove: [],
                        gate: CleanupGate(tokenLifetimeSeconds: 600)))),
            Step(
                position: 2, phase: .prepare, target: .object(account), summary: "annotate with the role",
                dependsOn: ["add-trust-statements:\(roleARN)"], fingerprint: "sha256:bbbb",
                payload: .annotateServiceAccount(
                    ServiceAccountAnnotation(
                        annotations: ["eks.amazonaws.com/role-arn": roleARN], previous: ["eks.amazonaws.com/role-arn": nil]))),
            Step(
                position: 3, phase: .verify, target: .object(workload), summary: "check the pods",
                payload: .verifyWorkload(
                    IdentityCheck(
                        roleARN: roleARN, serviceAccount: account, audience: "sts.amazonaws.com", issuer: issuer,
                        subject: nil))),
        ]
        let options = KiamToIRSAOptions(issuer: IssuerURL(issuer)!, roleBaseARN: "arn:aws:iam::111122223333:role/")
        return Plan(
            header: .init(id: id, createdAt: createdAt, inputDigest: "sha256:0123", options: .kiamToIRSA(options)),
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
            notes: PlanNotes())
    }

    static var firstStepID: String { "add-trust-statements:\(roleARN)" }
    static var secondStepID: String { "annotate-service-account:serviceaccount/orders/orders-api" }
}
