"""Seed moto from a snapshot: `iam-roles.json` (aws iam list-roles output) and `oidc-providers.json`.

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


def seed_from_snapshot(endpoint: str, directory: str | os.PathLike) -> dict[str, int]:
    """Create the roles and OIDC providers of a snapshot directory in moto at `endpoint`."""
    directory = Path(directory)
    result = {"roles": 0, "oidcProviders": 0}
    roles_file = directory / "iam-roles.json"
    if roles_file.exists():
        result["roles"] = seed_roles(endpoint, json.loads(roles_file.read_text()).get("Roles", []))
    providers_file = directory / "oidc-providers.json"
    if providers_file.exists():
        providers = json.loads(providers_file.read_text()).get("OpenIDConnectProviderList", [])
        result["oidcProviders"] = seed_oidc_providers(endpoint, providers)
    return result


def reset(endpoint: str) -> None:
    """Clear every moto account (`POST /moto-api/reset`)."""
    urllib.request.urlopen(urllib.request.Request(endpoint.rstrip("/") + "/moto-api/reset", method="POST"), timeout=10).read()
