"""The "what to check" prose of playbooks/*.md as assertions, shared by the runbooks' tests."""
import json
import urllib.parse
from pathlib import Path

from .compare import differences
from .runbook import Result, Session


def issuer_hosts(trust) -> set[str]:
    """The issuer hosts a trust document's statements federate to (`oidc-provider/HOST`)."""
    if isinstance(trust, str):
        trust = json.loads(urllib.parse.unquote(trust))
    statements = trust.get("Statement", [])
    hosts = set()
    for statement in statements if isinstance(statements, list) else [statements]:
        federated = (statement.get("Principal") or {}).get("Federated") if isinstance(statement.get("Principal"), dict) else None
        for arn in federated if isinstance(federated, list) else [federated]:
            if isinstance(arn, str) and ":oidc-provider/" in arn:
                hosts.add(arn.split(":oidc-provider/", 1)[1])
    return hosts


def host(url: str) -> str:
    return url.removeprefix("https://")


def roles_trusting(roles: dict, url: str) -> set[str]:
    return {arn for arn, trust in roles.items() if host(url) in issuer_hosts(trust)}


def plan_document(session: Session, state: str) -> dict:
    return session.json("report", "--state", state, "--format", "json")


def step_targets(plan: dict, action: str, phase: str | None = None) -> set[str]:
    return {s["target"] for s in plan["steps"] if s["action"] == action and (phase is None or s["phase"] == phase)}


def statuses(session: Session, state: str, phase: str) -> list[str]:
    steps = session.json("status", "--state", state, "--format", "json")["steps"]
    return [s["status"] for s in steps if s["phase"] == phase]


# Checks an issuer-move runbook makes, for a plan in STATE from OLD to NEW.

def no_error_findings_and_every_old_statement_copied(state: str, old: str, new: str, snapshot: str | None,
                                                     profiles: list[str]):
    def check(session: Session, _: Result) -> None:
        plan = plan_document(session, state)
        errors = [f["code"] + " " + f["subject"] for f in plan["findings"] if f["severity"] == "error"]
        assert not errors, f"the review says Findings must have no errors: {errors}"
        roles, _, _ = session.estate(profiles)
        expected = roles_trusting(roles, old)
        assert expected, f"the estate has no role trusting {old}: the test's estate does not fit the runbook"
        assert step_targets(plan, "add-trust-statements", "prepare") == expected, "a copy for every old-issuer statement"
        for role in plan["roles"]:
            assert {host(old), host(new)} <= issuer_hosts(role["after"]), f"{role['arn']} after the plan trusts both"
        assert snapshot is None or (session.workdir / snapshot / "iam-roles.json").exists()
        session.memo[state] = expected
    return check


def report_written(path: str):
    def check(session: Session, _: Result) -> None:
        text = (session.workdir / path).read_text()
        assert "```diff" in text and "Findings" in text, f"{path} shows the trust diffs and findings for the change request"
    return check


def trusted(state: str, profiles: list[str], *urls: str):
    """Every role the plan moves trusts exactly these issuers (of the move's two)."""
    def check(session: Session, _: Result) -> None:
        roles, _, _ = session.estate(profiles)
        for arn in session.memo[state]:
            got = issuer_hosts(roles[arn]) & set(session.memo[state + ":hosts"])
            assert got == {host(u) for u in urls}, f"{arn} trusts {sorted(got)}, expected {sorted(map(host, urls))}"
    return check


def remember_hosts(state: str, old: str, new: str):
    def before(session: Session) -> None:
        session.memo[state + ":hosts"] = [host(old), host(new)]
    return before


def phase_applied(state: str, phase: str):
    def check(session: Session, _: Result) -> None:
        got = statuses(session, state, phase)
        assert got and set(got) == {"applied"}, f"status must show every {phase} step applied: {got}"
    return check


def verify_refused_then_switch(state: str, new: str, context_flags: str):
    """Before the switch verify must fail, saying so; then the emulator's cluster switches issuer."""
    def before(session: Session) -> None:
        early = session.shell(f"irsa-migrate verify --state {state} {context_flags}")
        assert early.status == 1, f"verify before the switch exited {early.status}: {early.stdout}"
        assert "does not use that issuer yet" in early.stdout, early.stdout
        session.set_issuer(new)
    return before


def gated(session: Session, result: Result) -> None:
    assert "gated" in result.stdout and "--force" in result.stdout, "cleanup refuses until the token lifetime has passed"


def restored_roles(state: str, old: str, count: int, profiles: list[str]):
    def check(session: Session, _: Result) -> None:
        roles, _, _ = session.estate(profiles)
        back = {arn for arn in session.memo[state] if host(old) in issuer_hosts(roles[arn])}
        assert len(back) == count, f"rollback --steps {count} restores {count} old-issuer statements, got {sorted(back)}"
    return check


def estate_as_in(snapshot: str, profiles: list[str]):
    """The estate compares equal to the snapshot taken before the plan (OIDC providers are kept)."""
    def check(session: Session, _: Result) -> None:
        session.estate(profiles)
        lines, _added = differences(session.workdir / snapshot, session.root / "estate-check")
        assert not lines, "the estate differs from before:\n" + "\n".join(lines)
    return check


def file_exists(path: str):
    def check(session: Session, _: Result) -> None:
        assert Path(session.workdir / path).exists(), f"{path} was not written"
    return check


def china_plan(state: str):
    """The China plan copies the jade role's statement with the .cn audience."""
    def check(session: Session, _: Result) -> None:
        plan = plan_document(session, state)
        assert step_targets(plan, "add-trust-statements") == {"arn:aws:iam::222233334444:role/shop-cart"}, plan["steps"]
        after = json.dumps(plan["roles"][0]["after"])
        assert "222233334444-g8s-jade-oidc-pod-identity-v2:aud" in after and "sts.amazonaws.com.cn" in after, after
    return check
