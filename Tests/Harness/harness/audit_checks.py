"""The audit runbook's prose as assertions (see playbooks.py): exit 1 exactly when a finding is
an error (0 otherwise), the formats it names, and trust left for an old issuer reported."""
import json

from .runbook import Result, Session


def _errors(document: dict) -> bool:
    return any(f["severity"] == "error" for f in document["findings"])


def _reference(session: Session, issuer: str) -> dict:
    """The same audit as JSON, run by the test."""
    result = session.shell(f"irsa-migrate audit --snapshot snap --issuer {issuer} --format json")
    assert result.status in (0, 1), result.stderr
    return json.loads(result.stdout)


def exit_status_follows_errors(issuer: str, kiam: bool = False, markdown: bool = False):
    def check(session: Session, result: Result) -> None:
        document = _reference(session, issuer)
        assert result.status == (1 if _errors(document) else 0), f"exit {result.status} with errors={_errors(document)}"
        codes = {f["code"] for f in document["findings"]}
        if kiam:
            assert "kiam-annotation-present" in codes, f"the work left is listed: {sorted(codes)}"
        if markdown:
            assert result.stdout.lstrip().startswith("#"), "Markdown for the change request"
    return check


def old_issuer_trust_reported(session: Session, result: Result) -> None:
    assert "issuer-not-in-use" in result.stdout or "dual-trust-left-behind" in result.stdout, (
        "audited with another issuer, trust for the estate's issuer is reported")


def sarif(session: Session, result: Result) -> None:
    document = json.loads(result.stdout)
    assert document.get("version") == "2.1.0" and document.get("runs"), "SARIF 2.1.0"
    assert result.status in (0, 1), result.stderr


def json_shape(session: Session, result: Result) -> None:
    document = json.loads(result.stdout)
    assert {"findings", "counts", "accessMap", "notChecked"} <= set(document), sorted(document)
    assert result.status == (1 if _errors(document) else 0)
