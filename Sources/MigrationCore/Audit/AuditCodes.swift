/// Every finding code `irsa-migrate audit` reports, with the one-line rule text SARIF and the
/// docs show. Codes are stable: CI suppressions and dashboards key on them.
public enum AuditCodes {
    public static let all: [(code: String, description: String)] = [
        ("trust-policy-unparseable", "A role's trust policy is not a document the audit can read."),
        (
            "trust-without-subject",
            "Web-identity trust without a :sub condition: any service account of the issuer can assume the role."
        ),
        ("subject-wildcard-cross-namespace", "A :sub pattern matches service accounts of more than one namespace."),
        ("trust-without-audience", "Web-identity trust without an :aud condition."),
        ("audience-stringlike", "StringLike (a pattern operator) on :aud."),
        ("oidc-provider-missing", "Trust names an OIDC provider that does not exist in the role's account."),
        (
            "oidc-provider-audience-missing",
            "The trusted provider's client IDs do not include the audience the statement requires."
        ),
        ("oidc-provider-unused", "An OIDC provider no role trusts."),
        ("issuer-not-in-use", "Trust for an issuer none of the audited clusters uses."),
        ("dual-trust-left-behind", "A role trusts a live issuer and an old one: the old statement outlived the move."),
        ("principal-deleted", "A principal shown as a unique id (AROA..., AIDA...): the trusted role or user was deleted."),
        ("principal-wildcard-unscoped", "Principal \"*\" or AWS \"*\" with no positive condition: anyone may assume the role."),
        ("kiam-trust-unused", "Trust for a kiam server or kube2iam node role on a role no kiam workload uses."),
        ("service-account-role-not-found", "A service account is annotated with a role that does not exist."),
        ("service-account-role-other-account", "A service account's role lives in an account not in the inventory."),
        ("service-account-role-not-trusted", "A service account's role does not trust it: its pods get AccessDenied."),
        ("role-annotation-invalid", "A role annotation that is not a role name or ARN."),
        ("role-not-found", "A kiam/kube2iam workload names a role that does not exist."),
        ("role-name-unresolved", "A bare kiam role name that no role of the inventory has."),
        ("kiam-annotation-present", "A workload still gets its role through kiam/kube2iam."),
        ("static-aws-credentials-in-env", "A container sets AWS_ACCESS_KEY_ID: static keys in the pod."),
    ]

    public static func description(of code: String) -> String {
        all.first { $0.code == code }?.description ?? code
    }
}
