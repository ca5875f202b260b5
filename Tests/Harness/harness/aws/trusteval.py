"""Trust policy evaluation for AssumeRoleWithWebIdentity, the way IAM documents it.

Written for the harness's STS from the IAM policy grammar and evaluation logic (AWS IAM User
Guide: "Policy evaluation logic", "Condition operators", "Single-valued vs. multivalued
context keys"), independently of the tool's own evaluator, so that `verify`'s STS proof on
the emulators checks something the tool did not compute itself.

A request is a principal (the provider ARN, `Federated`), an action and a context of keys
(`ISSUER:sub`, `ISSUER:aud`, ...), each key a list of values. An explicit Deny wins, then an
Allow, else the implicit deny.
"""

import re
from typing import Any

ACTION = "sts:AssumeRoleWithWebIdentity"


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _glob(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM wildcards: `*` any run of characters, `?` exactly one; nothing else is special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _matches_one(base: str, wanted: str, value: str) -> bool:
    """Whether one context value matches one policy value under a non-negated base operator."""
    if base == "StringEquals":
        return value == wanted
    if base == "StringEqualsIgnoreCase":
        return value.lower() == wanted.lower()
    if base == "StringLike":
        return _glob(wanted, value)
    if base in ("ArnEquals", "ArnLike"):
        return _arn_like(wanted, value)
    if base == "Bool":
        return value.lower() == wanted.lower()
    raise KeyError(base)


def _arn_like(pattern: str, arn: str) -> bool:
    """ARN match: six colon-separated parts, each matched as a glob (case-sensitive)."""
    p, a = pattern.split(":", 5), arn.split(":", 5)
    return len(p) == len(a) == 6 and all(_glob(x, y) for x, y in zip(p, a))


NEGATED = {"StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
           "StringNotLike": "StringLike", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike"}
POSITIVE = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool"}


class UnsupportedOperator(ValueError):
    pass


def condition_holds(operator: str, wanted: list[str], values: list[str] | None) -> bool:
    """One operator on one key. `values` is None when the key is not in the request."""
    qualifier, _, name = operator.rpartition(":")
    if_exists = name.endswith("IfExists") and name != "IfExists"
    if if_exists:
        name = name[: -len("IfExists")]
    if name == "Null":
        absent = values is None or len(values) == 0
        return any(absent == (w.lower() == "true") for w in wanted)
    negated = name in NEGATED
    base = NEGATED.get(name, name)
    if base not in POSITIVE:
        raise UnsupportedOperator(operator)
    if values is None:
        if qualifier.lower() == "forallvalues":
            return True  # vacuously: every one of no values matches
        return if_exists or (negated and qualifier == "")

    def one(value: str) -> bool:
        hit = any(_matches_one(base, w, value) for w in wanted)
        return not hit if negated else hit

    if qualifier.lower() == "forallvalues":
        return all(one(v) for v in values)
    if qualifier.lower() == "foranyvalue":
        return any(one(v) for v in values)
    if qualifier:
        raise UnsupportedOperator(operator)
    # A plain operator on a single-valued key: the (only) value must match.
    return all(one(v) for v in values) if values else (negated or if_exists)


def conditions_hold(condition: Any, context: dict[str, list[str]]) -> bool:
    if condition in (None, {}):
        return True
    if not isinstance(condition, dict):
        raise UnsupportedOperator("Condition is not an object")
    lowered = {k.lower(): v for k, v in context.items()}
    for operator, block in condition.items():
        if not isinstance(block, dict):
            raise UnsupportedOperator(f"{operator} is not an object")
        for key, wanted in block.items():
            if not condition_holds(operator, [_text(w) for w in _as_list(wanted)], lowered.get(key.lower())):
                return False
    return True


def _principal_matches(principal: Any, provider_arn: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    if "*" in _as_list(principal.get("AWS")):
        return True
    return provider_arn in _as_list(principal.get("Federated"))


def _action_matches(actions: Any, action: str) -> bool:
    return any(_glob(str(a), action, ignore_case=True) for a in _as_list(actions))


def statement_applies(statement: dict, provider_arn: str, context: dict[str, list[str]]) -> bool:
    if "NotPrincipal" in statement:
        if _principal_matches(statement["NotPrincipal"], provider_arn):
            return False
    elif not _principal_matches(statement.get("Principal"), provider_arn):
        return False
    if "NotAction" in statement:
        if _action_matches(statement["NotAction"], ACTION):
            return False
    elif not _action_matches(statement.get("Action"), ACTION):
        return False
    return conditions_hold(statement.get("Condition"), context)


def decide(document: Any, provider_arn: str, context: dict[str, list[str]]) -> tuple[str, str]:
    """("allow" | "deny" | "implicit-deny", why) for a web identity request against a trust document."""
    if not isinstance(document, dict):
        return "implicit-deny", "the trust document is not an object"
    allowed_by = None
    for index, statement in enumerate(_as_list(document.get("Statement"))):
        if not isinstance(statement, dict):
            continue
        try:
            applies = statement_applies(statement, provider_arn, context)
        except UnsupportedOperator as e:
            return "implicit-deny", f"statement {index}: unsupported condition {e}"
        if not applies:
            continue
        label = statement.get("Sid") or f"statement {index}"
        if statement.get("Effect") == "Deny":
            return "deny", f"denied by {label}"
        if statement.get("Effect") == "Allow" and allowed_by is None:
            allowed_by = label
    if allowed_by:
        return "allow", f"allowed by {allowed_by}"
    return "implicit-deny", "no statement allows it"
