"""Seed moto from a snapshot: `iam-roles.json` (aws iam list-roles output), `oidc-providers.json`
and `iam-authorization-details.json` (customer managed policies; roles' inline and attached
policies, instance profiles and tags; roles missing from `iam-roles.json` are created).
AWS managed policies (`arn:aws:iam::aws:policy/...`) exist in moto only when it runs with
`MOTO_IAM_LOAD_MANAGED_POLICIES=true` (`make demo-instance-role` sets it).

Roles of several accounts are created in their own moto account (moto honours the
`x-moto-account-id` header). Seeding talks to moto directly, not through the fault proxy,
so the proxy's per-Action counts only see the code under test.
"""

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import botocore.session

from ..jsondocs import documents

DEFAULT_ACCOUNT = "123456789012"  # moto's default account
THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"


def _client(endpoint: str, service: str, account: str):
    session = botocore.session.Session()
    session.set_credentials("testing", "testing")
    client = session.create_client(service, region_name="us-east-1", endpoint_url=endpoint)

    def add_account(request: Any, **_: Any) -> None:
        request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-sign.*.*", add_account)
    return client


def _account_of(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 and parts[4] else DEFAULT_ACCOUNT


def trust_text(document: Any) -> str:
    """The trust document as text: objects are dumped, URL-encoded strings decoded."""
    if isinstance(document, str):
        return urllib.parse.unquote(document) if document.lstrip().startswith("%7B") else document
    return json.dumps(document)


def seed_roles(endpoint: str, roles: list[dict]) -> int:
    clients: dict[str, Any] = {}
    for role in roles:
        account = _account_of(role.get("Arn", ""))
        iam = clients.setdefault(account, _client(endpoint, "iam", account))
        kwargs: dict[str, Any] = {"RoleName": role["RoleName"], "Path": role.get("Path", "/"),
                                  "AssumeRolePolicyDocument": trust_text(role.get("AssumeRolePolicyDocument", {}))}
        if role.get("Description"):
            kwargs["Description"] = role["Description"]
        if role.get("MaxSessionDuration"):
            kwargs["MaxSessionDuration"] = role["MaxSessionDuration"]
        if role.get("Tags"):
            kwargs["Tags"] = role["Tags"]
        iam.create_role(**kwargs)
    return len(roles)


def seed_oidc_providers(endpoint: str, providers: list[dict], default_account: str = DEFAULT_ACCOUNT) -> int:
    for provider in providers:
        arn = provider.get("Arn", "")
        url = provider.get("Url") or arn.split(":oidc-provider/", 1)[-1]
        if not url.startswith("https://"):
            url = "https://" + url
        account = _account_of(arn) if arn else default_account
        _client(endpoint, "iam", account).create_open_id_connect_provider(
            Url=url, ClientIDList=provider.get("ClientIDList") or ["sts.amazonaws.com"],
            ThumbprintList=provider.get("ThumbprintList") or [THUMBPRINT])
    return len(providers)


def _default_document(policy: dict) -> Any:
    versions = policy.get("PolicyVersionList", [])
    default = next((v for v in versions if v.get("IsDefaultVersion")), versions[0] if versions else {})
    return default.get("Document", {})


def seed_authorization_details(endpoint: str, documents: list[dict], existing: set[str]) -> dict[str, int]:
    """Policies first (roles attach them), then each role's own parts; `existing`: ARNs already created."""
    counts = {"policies": 0, "rolePolicies": 0, "instanceProfiles": 0}
    for doc in documents:
        for policy in doc.get("Policies", []):
            iam = _client(endpoint, "iam", _account_of(policy["Arn"]))
            iam.create_policy(PolicyName=policy["PolicyName"], Path=policy.get("Path", "/"),
                              PolicyDocument=trust_text(_default_document(policy)))
            counts["policies"] += 1
        for role in doc.get("RoleDetailList", []):
            iam = _client(endpoint, "iam", _account_of(role["Arn"]))
            name = role["RoleName"]
            if role["Arn"] not in existing:
                seed_roles(endpoint, [role])
            elif role.get("Tags"):
                iam.tag_role(RoleName=name, Tags=role["Tags"])
            for inline in role.get("RolePolicyList", []):
                iam.put_role_policy(RoleName=name, PolicyName=inline["PolicyName"],
                                    PolicyDocument=trust_text(inline["PolicyDocument"]))
                counts["rolePolicies"] += 1
            for attached in role.get("AttachedManagedPolicies", []):
                iam.attach_role_policy(RoleName=name, PolicyArn=attached["PolicyArn"])
                counts["rolePolicies"] += 1
            for profile in role.get("InstanceProfileList", []):
                iam.create_instance_profile(InstanceProfileName=profile["InstanceProfileName"],
                                            Path=profile.get("Path", "/"))
                iam.add_role_to_instance_profile(InstanceProfileName=profile["InstanceProfileName"], RoleName=name)
                counts["instanceProfiles"] += 1
    return counts


def seed_from_snapshot(endpoint: str, directory: str | os.PathLike) -> dict[str, int]:
    """Create the roles and OIDC providers of a snapshot directory in moto at `endpoint`."""
    directory = Path(directory)
    result = {"roles": 0, "oidcProviders": 0}
    roles_file = directory / "iam-roles.json"
    roles = [role for doc in documents(roles_file.read_text()) for role in doc.get("Roles", [])] \
        if roles_file.exists() else []
    result["roles"] = seed_roles(endpoint, roles)
    details_file = directory / "iam-authorization-details.json"
    if details_file.exists():
        result.update(seed_authorization_details(endpoint, documents(details_file.read_text()),
                                                 {role["Arn"] for role in roles}))
    providers_file = directory / "oidc-providers.json"
    if providers_file.exists():
        providers = json.loads(providers_file.read_text()).get("OpenIDConnectProviderList", [])
        result["oidcProviders"] = seed_oidc_providers(endpoint, providers)
    return result


def reset(endpoint: str) -> None:
    """Clear every moto account (`POST /moto-api/reset`)."""
    urllib.request.urlopen(urllib.request.Request(endpoint.rstrip("/") + "/moto-api/reset", method="POST"), timeout=10).read()
