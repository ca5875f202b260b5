import Foundation
import MigrationCore

/// Small hand-made inventories for planner tests.
public enum Fixtures {
    public static let issuer = IssuerURL("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC")!
    public static let account = "111122223333"
    public static let kiamServer = "arn:aws:iam::111122223333:role/kiam-server"
    public static let pinnedTime = Date(timeIntervalSince1970: 1_795_435_200)  // 2026-11-23T12:00:00Z

    public static func roleARN(_ name: String, account: String = account) -> String {
        "arn:aws:iam::\(account):role/\(name)"
    }

    /// A role trusting the kiam server (and any extra statements given as JSON text).
    public static func role(_ name: String, account: String = account, extraStatements: [String] = []) -> IAMRole {
        let kiam = #"{"Effect":"Allow","Principal":{"AWS":"\#(kiamServer)"},"Action":"sts:AssumeRole"}"#
        let statements = ([kiam] + extraStatements).joined(separator: ",")
        let arn = roleARN(name, account: account)
        return IAMRole(
            arn: arn, name: ARN(arn)?.roleName ?? name, trustPolicyText: #"{"Version":"2012-10-17","Statement":[\#(statements)]}"#
        )
    }

    public static func irsaStatement(_ subjects: [String], issuer: IssuerURL = issuer, account: String = account) -> String {
        let subject = subjects.count == 1 ? "\"\(subjects[0])\"" : "[" + subjects.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        return
            #"{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::\#(account):oidc-provider/\#(issuer.hostAndPath)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(issuer.hostAndPath):sub":\#(subject),"\#(issuer.hostAndPath):aud":"sts.amazonaws.com"}}}"#
    }

    public static func workload(
        _ kind: ObjectRef.Kind = .deployment, _ namespace: String, _ name: String, role: String?,
        serviceAccount: String? = nil, extraAnnotations: [String: String] = [:], env: [String] = [], hostNetwork: Bool = false,
        labels: [String: String] = [:]
    ) -> Workload {
        var annotations = extraAnnotations
        if let role { annotations["iam.amazonaws.com/role"] = role }
        return Workload(
            ref: ObjectRef(kind, namespace: namespace, name: name), labels: labels,
            template: PodTemplate(
                annotations: annotations, serviceAccountName: serviceAccount, hostNetwork: hostNetwork,
                containers: [Container(name: "app", envNames: env)]))
    }

    public static func serviceAccount(_ namespace: String, _ name: String, role: String? = nil) -> ServiceAccount {
        ServiceAccount(namespace: namespace, name: name, annotations: role.map { ["eks.amazonaws.com/role-arn": $0] } ?? [:])
    }

    /// kiam's `permitted` annotation allowing every role: no agent is in these inventories,
    /// so the planner assumes kiam's rules, under which a namespace without it permits none.
    public static let permitAll = ["iam.amazonaws.com/permitted": ".*"]

    /// Namespaces (permitting every role unless `annotations` says otherwise) and their
    /// `default` service accounts for the given names.
    public static func namespaces(_ names: [String], annotations: [String: [String: String]] = [:]) -> (
        [Namespace], [ServiceAccount]
    ) {
        (
            names.map { Namespace(name: $0, annotations: annotations[$0] ?? permitAll) },
            names.map { serviceAccount($0, "default") }
        )
    }
}
