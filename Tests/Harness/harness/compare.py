"""Compare two snapshot directories for what irsa-migrate changes (``make demo``).

    python -m harness.compare BEFORE_DIR AFTER_DIR

Compares the trust policy of every role (parsed, so re-indentation does not count), the
annotations of service accounts and namespaces, and the pod template identity (service
account, annotations) of every top-level workload; when both directories hold
`iam-authorization-details.json`, also every role's inline policies and attached policy ARNs
(`make demo-instance-role`). OIDC providers added since BEFORE are reported but allowed:
rollback keeps providers on purpose (other roles may trust them). The restart annotation
`kubectl.kubernetes.io/restartedAt` is left out: a restart changes no identity and cannot be
undone (rollback of a restart says so).
Exit status 0 when the estates match, 1 with one line per difference otherwise.
"""
import json
import sys
import urllib.parse
from pathlib import Path

from .jsondocs import documents

WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"}
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


def _documents(path):
    return documents(path.read_text())


def _trust(document):
    if isinstance(document, str):
        document = json.loads(urllib.parse.unquote(document))
    return document


def pod_template(item: dict) -> dict:
    """A workload's pod template (a CronJob's is under its job template)."""
    spec = item.get("spec") or {}
    if item["kind"] == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    return spec.get("template", {})


def _template(item):
    template = pod_template(item)
    return {
        "serviceAccountName": template.get("spec", {}).get("serviceAccountName"),
        "annotations": {k: v for k, v in template.get("metadata", {}).get("annotations", {}).items()
                        if k != RESTARTED_AT},
    }


def permissions(directory):
    """Per role ARN its inline policies and attached ARNs, or None without the file."""
    path = Path(directory) / "iam-authorization-details.json"
    if not path.exists():
        return None
    result = {}
    for doc in _documents(path):
        for role in doc.get("RoleDetailList", []):
            result[role["Arn"]] = {
                "inline": {p["PolicyName"]: _trust(p["PolicyDocument"]) for p in role.get("RolePolicyList", [])},
                "attached": sorted(p["PolicyArn"] for p in role.get("AttachedManagedPolicies", [])),
            }
    return result


def estate(directory):
    directory = Path(directory)
    roles = {}
    for doc in _documents(directory / "iam-roles.json"):
        for role in doc.get("Roles", []):
            roles[role["Arn"]] = _trust(role.get("AssumeRolePolicyDocument"))
    objects = {}
    for item in json.loads((directory / "kubernetes.json").read_text())["items"]:
        meta = item["metadata"]
        key = f'{item["kind"].lower()}/{meta.get("namespace", "")}/{meta["name"]}'
        annotations = {k: v for k, v in meta.get("annotations", {}).items() if "last-applied" not in k}
        if item["kind"] in ("ServiceAccount", "Namespace"):
            objects[key] = annotations
        elif item["kind"] in WORKLOAD_KINDS and not meta.get("ownerReferences"):
            objects[key] = _template(item)
    providers = set()
    provider_file = directory / "oidc-providers.json"
    if provider_file.exists():
        for doc in _documents(provider_file):
            providers |= {p["Arn"] for p in doc.get("OpenIDConnectProviderList", [])}
    return roles, objects, providers


def differences(before, after):
    (roles_a, objects_a, providers_a), (roles_b, objects_b, providers_b) = estate(before), estate(after)
    lines = []
    for arn in sorted(set(roles_a) | set(roles_b)):
        if roles_a.get(arn) != roles_b.get(arn):
            lines.append(f"role {arn}: trust policy differs")
    for key in sorted(set(objects_a) | set(objects_b)):
        if key not in objects_b:
            lines.append(f"{key}: missing after")
        elif key not in objects_a:
            lines.append(f"{key}: exists only after")
        elif objects_a[key] != objects_b[key]:
            lines.append(f"{key}: {json.dumps(objects_a[key], sort_keys=True)} -> {json.dumps(objects_b[key], sort_keys=True)}")
    missing = sorted(providers_a - providers_b)
    lines += [f"OIDC provider {arn}: missing after" for arn in missing]
    grants_a, grants_b = permissions(before), permissions(after)
    if grants_a is not None and grants_b is not None:
        for arn in sorted(set(grants_a) | set(grants_b)):
            a, b = grants_a.get(arn), grants_b.get(arn)
            if a is None or b is None:
                continue  # a role that exists on one side only is reported by its trust policy above
            if a["attached"] != b["attached"]:
                lines.append(f"role {arn}: attached policies {a['attached']} -> {b['attached']}")
            for name in sorted(set(a["inline"]) | set(b["inline"])):
                if a["inline"].get(name) != b["inline"].get(name):
                    lines.append(f"role {arn}: inline policy {name} differs")
    return lines, sorted(providers_b - providers_a)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 64
    lines, added = differences(*argv)
    for arn in added:
        print(f"note: OIDC provider {arn} was added and kept (rollback keeps providers)")
    for line in lines:
        print(line)
    roles, objects, _ = estate(argv[1])
    if lines:
        print(f"{len(lines)} difference(s) between {argv[0]} and {argv[1]}")
        return 1
    print(f"the estate is as it was: {len(roles)} trust policies and {len(objects)} objects compared")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
