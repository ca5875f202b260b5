/// Annotation keys of kiam, kube2iam and the EKS pod identity webhook.
public enum Annotations {
    /// Pod (template) annotation naming the role kiam / kube2iam assumes for the pod.
    public static let kiamRole = "iam.amazonaws.com/role"
    public static let kiamExternalID = "iam.amazonaws.com/external-id"
    /// kiam namespace annotation: a regex the resolved role ARN must match.
    public static let kiamPermitted = "iam.amazonaws.com/permitted"
    /// kube2iam namespace annotation: a JSON array of role globs.
    public static let kube2iamAllowedRoles = "iam.amazonaws.com/allowed-roles"
    /// Service account annotation the pod identity webhook reads.
    public static let irsaRoleARN = "eks.amazonaws.com/role-arn"
    public static let irsaAudience = "eks.amazonaws.com/audience"
    public static let defaultAudience = "sts.amazonaws.com"
    /// Label on service accounts irsa-migrate created, so rollback deletes only its own.
    public static let createdByLabel = "app.kubernetes.io/created-by"
    public static let createdByValue = "irsa-migrate"
}
