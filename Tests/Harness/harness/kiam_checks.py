"""The kiam-to-irsa runbook's "what to check" prose as assertions (see playbooks.py)."""
from .playbook_checks import plan_document, step_targets
from .runbook import Result, Session

STATE = "kiam.db"
ROLE_ANNOTATION = "eks.amazonaws.com/role-arn"
KIAM = "iam.amazonaws.com/role"


def _objects(session: Session) -> dict:
    return session.estate(["prod", "shared-data"])[1]


def _workloads(objects: dict) -> dict:
    return {k: v for k, v in objects.items() if not k.startswith(("serviceaccount/", "namespace/"))}


def strict_plan(session: Session, result: Result) -> None:
    plan = plan_document(session, STATE)
    assert any(f["severity"] == "error" for f in plan["findings"]), "the example estate has error findings"
    assert plan["steps"], "the rest of the estate is planned"
    assert "--strict" in result.stderr, "--strict says why it exits 1"
    session.memo["plan"] = plan


def prepared(session: Session, _: Result) -> None:
    """Trust statements and service accounts; pods untouched, kiam still serves them."""
    plan, objects = session.memo["plan"], _objects(session)
    accounts = step_targets(plan, "create-service-account") | step_targets(plan, "annotate-service-account")
    assert accounts, "the plan prepares service accounts"
    for account in accounts:
        assert ROLE_ANNOTATION in objects.get(account, {}), f"{account} has no {ROLE_ANNOTATION} after prepare"
    before = _workloads(session.memo["before"][1])
    assert _workloads(objects) == before, "prepare must not touch a workload"


def switched_orders(session: Session, _: Result) -> None:
    plan, objects = session.memo["plan"], _objects(session)
    switched = {t for t in step_targets(plan, "switch-workload") if t.split("/")[1] == "orders"}
    assert switched, "the plan switches workloads in orders"
    before = _workloads(session.memo["before"][1])
    for key, template in _workloads(objects).items():
        if key in switched:
            assert KIAM not in template["annotations"], f"{key} still has the kiam annotation"
        else:
            assert template == before[key], f"{key} changed, but only namespace orders was asked for"


def orders_api_back(session: Session, _: Result) -> None:
    key = "deployment/orders/orders-api"
    now, before = _objects(session)[key], session.memo["before"][1][key]
    assert now == before, f"rollback --workload restores {key}'s pod template: {now} != {before}"


def status_lists_plan(session: Session, result: Result) -> None:
    assert session.memo["plan"]["plan"]["id"] in result.stdout, "status shows the plan"
    assert "rolled-back" in result.stdout or "pending" in result.stdout, result.stdout


def cleanup_planned(session: Session, _: Result) -> None:
    plan = plan_document(session, STATE)
    assert step_targets(plan, "remove-trust-statements", "cleanup"), "the cleanup plan removes the kiam server's trust"
