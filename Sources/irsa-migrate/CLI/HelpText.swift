/// Static help for every command (`irsa-migrate COMMAND --help`).
enum HelpText {
    static let main = """
        irsa-migrate: plan, review, apply and roll back moves to IAM Roles for Service Accounts.

        Usage: irsa-migrate COMMAND [options]

        Commands:
          plan kiam-to-irsa   plan moving kiam / kube2iam workloads to IRSA
          plan issuer-move    plan dual trust for a new OIDC issuer URL, and cleanup after
          status              list stored plans and the state of each step
          report              render a stored plan for change review (Markdown or JSON)
          snapshot            write the live inventory into a snapshot directory

        Common options:
          --state FILE        the state file (default ./irsa-migrate.db)
          --help              help for any command

        Exit codes: 0 success, 1 failure, 2 changes planned (plan --detailed-exitcode), 64 usage error.
        """

    static let planKiam = """
        Usage: irsa-migrate plan kiam-to-irsa SOURCE --issuer URL [options]

        Plans the move of every workload that gets an IAM role through kiam or kube2iam (pod
        annotation iam.amazonaws.com/role) to IRSA: OIDC providers, trust statements scoped to
        exact service accounts, service accounts and their role annotation (prepare), one patch
        per workload (cutover), checks (verify), and opt-in cleanup. Nothing is changed: the plan
        is stored in the state file and printed.

        Options:
          --issuer URL              the cluster's OIDC issuer (e.g. https://oidc.eks.REGION.amazonaws.com/id/HEX)
          --role-base-arn ARN       prepended to role names in annotations (kiam --role-base-arn,
                                    kube2iam --base-role-arn), e.g. arn:aws:iam::111122223333:role/
          --audience AUD            token audience (default sts.amazonaws.com)
          --trust-policy-quota N    the account's trust policy size quota (default 2048)
          --cleanup                 also plan the cleanup phase; needs --agent-role
          --agent-role ARN          the kiam server role or kube2iam node role (repeatable)
        \(common)
        """

    static let planIssuerMove = """
        Usage: irsa-migrate plan issuer-move SOURCE --from URL --to URL [options]

        Plans dual trust before a cluster's OIDC issuer URL changes: for every statement that
        trusts the old issuer, a copy for the new one and the OIDC provider it needs (prepare);
        checks after the switch (verify); and removal of the old-issuer statements (cleanup,
        allowed only after verify passed and the token lifetime has passed).

        Options:
          --from URL                the issuer URL the cluster uses now
          --to URL                  the issuer URL it will use
          --audience AUD            client id for new providers when the old one's are unknown
                                    (default sts.amazonaws.com)
          --trust-policy-quota N    the account's trust policy size quota (default 2048)
          --token-lifetime SECONDS  how long old tokens stay valid after the switch (default 86400)
          --delete-old-provider     also delete the old provider in cleanup when nothing uses it
          --allow-unscoped          copy old-issuer statements that have no :sub condition
        \(common)
        """

    static let status = """
        Usage: irsa-migrate status [--plan ID] [--state FILE] [--format text|json]

        Lists the stored plans and shows each step of one plan (the newest by default) with its
        state, attempts and last error.
        """

    static let report = """
        Usage: irsa-migrate report [--plan ID] [--state FILE] [--format markdown|json] [--out FILE]

        Renders a stored plan (the newest by default) for change review: summary, findings,
        every trust policy before and after with a diff and its size against the quota, service
        accounts, workloads, and the steps by phase.
        """

    static let snapshot = """
        Usage: irsa-migrate snapshot --out DIR [--context NAME] [--kubeconfig FILE] [--profile NAME]
                                     [--region NAME] [--aws-endpoint-url URL] [--kubectl PATH] [--aws PATH]

        Writes kubernetes.json, iam-roles.json and oidc-providers.json into DIR exactly as kubectl
        and aws print them (one kubectl get of every kind, one list-roles, one
        list-open-id-connect-providers), for 'irsa-migrate plan ... --snapshot DIR' later.
        Needs read access only.
        """

    private static let common = """

          SOURCE is --snapshot DIR (files written by 'irsa-migrate snapshot' or by hand, see the
          README), or the live clients: [--context NAME] [--kubeconfig FILE] [--profile NAME]...
          (one --profile per AWS account that owns roles)
          [--region NAME] [--aws-endpoint-url URL] [--kubectl PATH] [--aws PATH].

          --state FILE              the state file (default ./irsa-migrate.db)
          --format text|json|markdown  how to print the plan (default text)
          --strict                  exit 1 when the plan has error findings
          --detailed-exitcode       exit 0 when nothing changes, 2 when changes are planned
        """
}
