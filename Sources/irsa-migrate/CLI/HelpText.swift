/// Static help for every command (`irsa-migrate COMMAND --help`).
enum HelpText {
    static let main = """
        irsa-migrate: plan, review, apply and roll back moves to IAM Roles for Service Accounts.

        Usage: irsa-migrate COMMAND [options]

        Commands:
          plan kiam-to-irsa   plan moving kiam / kube2iam workloads to IRSA
          plan issuer-move    plan dual trust for a new OIDC issuer URL, and cleanup after
          apply               make a stored plan's changes, step by step, journaled
          verify              check that migrated workloads carry IRSA and can assume their roles
          rollback            undo applied steps, newest first
          status              list stored plans and the state of each step
          report              render a stored plan for change review (Markdown or JSON)
          snapshot            write the live inventory into a snapshot directory
          audit               review an estate's IRSA and kiam trust as it is (read-only)

        Common options:
          --state FILE        the state file (default ./irsa-migrate.db)
          --help              help for any command
          --version           the version, the commit it was built from and the build date

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
          --allow-namespace-forbidden  also plan workloads whose namespace forbids their role
                                    today (moving them grants access they do not have)
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
        \(common)
        """

    static let apply = """
        Usage: irsa-migrate apply [--plan ID] [--phase prepare|cutover|verify|cleanup]... [--only REF]
                                  [--namespace NS] [--concurrency N] [--force] [--yes] LIVE

        Runs the steps of a stored plan (the newest by default) against the cluster and AWS, in
        dependency order, each journaled in the state file: marked applying before its change and
        applied once the change is read back. Each target is re-read first; a target that changed
        since the plan was made is refused as stale. Running it again finishes an interrupted run.
        Asks before changing anything unless --yes (and refuses without a terminal to ask on).
        Only one apply or rollback runs per state file at a time.

        Options:
          --phase P            run only these phases (repeatable); default prepare, cutover and
                               verify. cleanup runs only when asked for by name.
          --only REF           one workload (deployment/NS/NAME), its checks and what it depends on
          --namespace NS       the steps on objects of one namespace and what they depend on
          --concurrency N      steps in flight at once (default 4)
          --rollout-timeout S  how long verify waits for a rollout (default 120)
          --force              run gated cleanup steps before the token lifetime has passed
          --yes                do not ask
        \(live)
        Exit codes: 0 every step ran or was already done, 1 a step failed, was stale, or did not run
        (gated, or waiting for a step of another phase), 64 usage error.
        """

    static let verify = """
        Usage: irsa-migrate verify [--plan ID] [--only REF] [--namespace NS] [--rollout-timeout S] LIVE

        Runs the verify phase of a stored plan: each rollout finished, every pod of the current
        template has AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and the aws-iam-token volume for
        the planned role and audience and no static key; then a fresh service account token is
        checked against the role's live trust policy and exchanged with STS. Checks that passed
        before run again (apply skips them): after an issuer switch, run verify to prove the new
        issuer's tokens are accepted. A check that fails now is recorded as failed, which closes
        the cleanup gate again. Changes nothing in the cluster or IAM.
        \(live)
        """

    static let rollback = """
        Usage: irsa-migrate rollback [--plan ID] (--steps N | --to POSITION | --workload REF | --all) [--yes] LIVE

        Undoes applied steps of a stored plan, newest first, each from its recorded inverse
        against the live target: trust statements the step added are removed and those it removed
        restored (other changes made since are kept), annotations restored, created service
        accounts deleted when nothing uses them, workloads switched back. Stops at the first step
        that cannot be undone and lists what is still applied. Asks first unless --yes.

        Options:
          --steps N            the last N applied steps
          --to POSITION        every applied step after POSITION
          --workload REF       one workload's steps, and the steps only it needed
          --all                every applied step
          --yes                do not ask
        \(live)
        """

    private static let live = """

          LIVE: [--context NAME] [--kubeconfig FILE] [--profile NAME]... (one per AWS account)
          [--region NAME] [--aws-endpoint-url URL] [--kubectl PATH] [--aws PATH].
          --state FILE         the state file (default ./irsa-migrate.db)
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
