/// Every command with its options, in the order the main help lists them. Parsing, help
/// and shell completion are all made from this table.
enum Commands {
    static let all = [
        planKiam, planIssuerMove, planInstanceRole, apply, verify, rollback, status, report, export, snapshot, audit,
        completion,
    ]

    private static let source = OptionSection(
        title: "SOURCE (--snapshot DIR, or the live clients)", options: [Options.snapshot] + Options.live)
    private static let live = OptionSection(title: "LIVE (the clients, as configured)", options: Options.live)
    private static let planOutput = OptionSection(
        title: "Output",
        options: [
            Options.state, Options.planFormat, Options.strict,
            Options.detailedExitCode, Options.iacOwnedTag,
        ])

    static let planKiam = CommandSpec(
        name: "plan kiam-to-irsa", summary: "plan moving kiam / kube2iam workloads to IRSA",
        usage: "plan kiam-to-irsa SOURCE --issuer URL [options]",
        description: """
            Plans the move of every workload that gets an IAM role through kiam or kube2iam (pod
            annotation iam.amazonaws.com/role) to IRSA: OIDC providers, trust statements scoped to
            exact service accounts, service accounts and their role annotation (prepare), one patch
            per workload (cutover), checks (verify), and opt-in cleanup. Nothing is changed: the plan
            is stored in the state file and printed.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.issuer, Options.roleBaseARN, Options.audience, Options.trustPolicyQuota, Options.cleanup,
                    Options.agentRole, Options.allowNamespaceForbidden,
                ]),
            source, planOutput,
        ])

    static let planIssuerMove = CommandSpec(
        name: "plan issuer-move", summary: "plan dual trust for a new OIDC issuer URL, and cleanup after",
        usage: "plan issuer-move SOURCE --from URL --to URL [options]",
        description: """
            Plans dual trust before a cluster's OIDC issuer URL changes: for every statement that
            trusts the old issuer, a copy for the new one and the OIDC provider it needs (prepare);
            checks after the switch (verify); and removal of the old-issuer statements (cleanup,
            allowed only after verify passed and the token lifetime has passed).
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.from, Options.to, Options.audience, Options.trustPolicyQuota, Options.tokenLifetime,
                    Options.deleteOldProvider, Options.copyUnscoped,
                ]),
            source, planOutput,
        ])

    static let planInstanceRole = CommandSpec(
        name: "plan instance-role", summary: "plan moving workloads off the node's instance role to IRSA",
        usage: "plan instance-role SOURCE --issuer URL --node-role ARN (--service-accounts FILE | --write-map FILE) [options]",
        description: """
            Plans a role per service account of the map, with exactly the policies the map names (its
            attachPolicyARNs and attachPolicy, and copyFromNodeRole: node-role policies copied as
            they are), trusted only by that account: OIDC providers, roles, their policies, service
            accounts annotated (prepare); the workloads that run as them restarted (cutover); checks
            (verify); and opt-in cleanup of the node role. A "workload": "KIND/NS/NAME" entry gets a
            dedicated service account instead, and the workload is switched to it at cutover.
            Reads iam-authorization-details.json.
            Without a map it discovers: workloads that look like they call AWS through the node role
            are findings, and --write-map FILE writes a starter map for review; nothing is planned.
            Pods keep the node role through the instance metadata service until it is restricted.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.issuer, Options.nodeRole, Options.serviceAccounts, Options.writeMap, Options.audience,
                    Options.trustPolicyQuota, Options.nodeRoleCleanup,
                ]),
            source, planOutput,
        ])

    static let apply = CommandSpec(
        name: "apply", summary: "make a stored plan's changes, step by step, journaled",
        usage: """
            apply [--plan ID] [--phase prepare|cutover|verify|cleanup]... [--only REF]
                  [--namespace NS] [--concurrency N] [--rollout-timeout S] [--force]
                  [--patch-owned] [--detailed-exitcode] [--yes] LIVE
            """,
        description: """
            Runs the steps of a stored plan (the newest by default) against the cluster and AWS, in
            dependency order, each journaled in the state file: marked applying before its change and
            applied once the change is read back. Each target is re-read first; a target that changed
            since the plan was made is refused as stale. Running it again finishes an interrupted run.
            Asks before changing anything unless --yes (and refuses without a terminal to ask on).
            Only one apply or rollback runs per state file at a time. A target owned by a GitOps tool
            or IaC is not patched: its step is recorded external and waits for the owner's sync of the
            files 'irsa-migrate export' writes; each apply reads it again and records it applied once
            the sync made the change. Steps that wait are not failures (exit 0, or 2 with
            --detailed-exitcode); the steps that depend on them wait too.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.plan, Options.phase, Options.only, Options.namespace, Options.concurrency,
                    Options.rolloutTimeout, Options.force, Options.patchOwned, Options.applyDetailedExitCode,
                    Options.yes, Options.state,
                ]),
            live,
        ],
        footer: """
            Exit codes: 0 every step ran or was already done, 1 a step failed, was stale, or did not run
            (gated, or waiting for a step of another phase), 64 usage error.
            """)

    static let verify = CommandSpec(
        name: "verify", summary: "check that migrated workloads carry IRSA and can assume their roles",
        usage: "verify [--plan ID] [--only REF] [--namespace NS] [--rollout-timeout S] LIVE",
        description: """
            Runs the verify phase of a stored plan: each rollout finished, every pod of the current
            template has AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and the aws-iam-token volume for
            the planned role and audience and no static key; then a fresh service account token is
            checked against the role's live trust policy and exchanged with STS. Checks that passed
            before run again (apply skips them): after an issuer switch, run verify to prove the new
            issuer's tokens are accepted. A check that fails now is recorded as failed, which closes
            the cleanup gate again. Steps waiting for a GitOps or IaC sync are read again too and
            recorded applied once synced; while one still waits, verify exits 1. Changes nothing in
            the cluster or IAM, so it does not ask.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [Options.plan, Options.only, Options.namespace, Options.rolloutTimeout, Options.state]),
            live,
        ])

    static let rollback = CommandSpec(
        name: "rollback", summary: "undo applied steps, newest first",
        usage: """
            rollback [--plan ID] (--steps N | --to POSITION | --workload REF | --all)
                     [--patch-owned] [--out DIR] [--yes] LIVE
            """,
        description: """
            Undoes applied steps of a stored plan, newest first, each from its recorded inverse
            against the live target: trust statements the step added are removed and those it removed
            restored (other changes made since are kept), annotations restored, created service
            accounts deleted when nothing uses them, workloads switched back. Stops at the first step
            that cannot be undone and lists what is still applied. A step on a target a GitOps tool or
            IaC owns is not undone live (the owner's next sync would redo it): rollback prints its
            inverse file (or writes it under --out) to commit, and records it reverted once the sync
            undid it. Asks first unless --yes.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.plan, Options.steps, Options.toPosition, Options.workload, Options.all, Options.rollbackPatchOwned,
                    Options.rollbackOut, Options.yes, Options.state,
                ]),
            live,
        ])

    static let status = CommandSpec(
        name: "status", summary: "list stored plans and the state of each step",
        usage: "status [--plan ID] [--state FILE] [--format text|json]",
        description: """
            Lists the stored plans and shows each step of one plan (the newest by default) with its
            state, attempts and last error.
            """,
        sections: [
            OptionSection(
                title: "Options", options: [Options.plan, Options.state, Options.statusFormat])
        ])

    static let report = CommandSpec(
        name: "report", summary: "render a stored plan for change review (Markdown or JSON)",
        usage: "report [--plan ID] [--state FILE] [--format markdown|json] [--out FILE]",
        description: """
            Renders a stored plan (the newest by default) for change review: summary, findings,
            every trust policy before and after with a diff and its size against the quota, service
            accounts, workloads, and the steps by phase.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.plan, Options.state, Options.reportFormat, Options.reportOut,
                ])
        ])

    static let export = CommandSpec(
        name: "export", summary: "write a stored plan's changes to owned targets as files for their source repos",
        usage: "export [--plan ID] [--state FILE] --out DIR",
        description: """
            Writes, for every step whose target is owned by Argo CD, Flux, Helm, kustomize, CloudFormation
            or Terraform, the files a reviewer commits to that owner's source instead of letting apply
            patch live objects that the next sync reverts: service account manifests, a JSON 6902 patch
            per workload (usable from a kustomization), Helm values a typical chart takes, each role's
            trust policy after every phase, and the OIDC providers. INDEX.md lists what to commit where,
            in phase order. Targets nothing owns are left to apply. Reads only the state file.
            """,
        sections: [OptionSection(title: "Options", options: [Options.plan, Options.state, Options.exportOut])])

    static let snapshot = CommandSpec(
        name: "snapshot", summary: "write the live inventory into a snapshot directory",
        usage: "snapshot --out DIR [--include-authorization-details] LIVE",
        description: """
            Writes kubernetes.json, iam-roles.json and oidc-providers.json into DIR exactly as kubectl
            and aws print them (one kubectl get of every kind, one list-roles, one
            list-open-id-connect-providers), for 'irsa-migrate plan ... --snapshot DIR' later.
            With --include-authorization-details also iam-authorization-details.json, which only
            'plan instance-role' needs. Needs read access only.
            """,
        sections: [
            OptionSection(title: "Options", options: [Options.snapshotOut, Options.includeAuthorizationDetails]), live,
        ])

    static let audit = CommandSpec(
        name: "audit", summary: "review an estate's IRSA and kiam trust as it is (read-only)",
        usage: "audit SOURCE [--issuer URL]... [--format text|json|markdown|sarif] [--fail-on error|warning]",
        description: """
            Reviews an estate's IRSA and kiam set-up as it is today, before any move: trust without
            :sub or :aud, :sub wildcards across namespaces, StringLike on :aud, OIDC providers that
            are missing or do not accept the audience, unused providers, trust for issuers no cluster
            uses and dual trust left behind, deleted or wildcard principals, kiam agent trust on
            roles no kiam workload uses, service accounts whose role is missing or does not trust
            them, workloads still on kiam, static AWS keys; and per issuer which roles each service
            account can assume (the access map). Read-only: changes nothing and opens no state file.
            """,
        sections: [
            OptionSection(
                title: "Options",
                options: [
                    Options.auditIssuer, Options.auditFormat, Options.failOn, Options.roleBaseARN, Options.auditAgentRole,
                    Options.auditAudience,
                ]),
            source,
        ],
        footer: "Exit codes: 0 no finding at or above --fail-on, 1 such findings (or a failure), 64 usage error.")

    static let completion = CommandSpec(
        name: "completion", summary: "print a shell completion script (bash, zsh or fish)",
        usage: "completion bash|zsh|fish",
        description: """
            Prints the completion script of a shell, made from the same option declarations the
            parser and this help read: commands, options, and for an option's value the files,
            directories or choices it takes. bash: source <(irsa-migrate completion bash), or save
            it in /etc/bash_completion.d. zsh: save it as _irsa-migrate in a directory of $fpath.
            fish: save it as ~/.config/fish/completions/irsa-migrate.fish.
            """,
        sections: [], words: CompletionShell.allCases.map(\.rawValue))
}
