"""IAM actions that moto 5.2.1 does not implement, emulated by the proxy on top of moto.

`AddClientIDToOpenIDConnectProvider` / `RemoveClientIDFromOpenIDConnectProvider`: moto has
no way to change a provider's client IDs, so the proxy reads the provider, deletes it and
creates it again with the new list (same URL, so the same ARN; thumbprints and tags kept).
"""

import uuid

import botocore.exceptions
import botocore.session

IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
ACTIONS = {"AddClientIDToOpenIDConnectProvider", "RemoveClientIDFromOpenIDConnectProvider"}


def _iam(moto_url: str, account: str | None):
    session = botocore.session.Session()
    session.set_credentials("testing", "testing")
    client = session.create_client("iam", region_name="us-east-1", endpoint_url=moto_url)
    if account:
        client.meta.events.register("before-sign.*.*",
                                    lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return client


def handle(action: str, params: dict[str, str], moto_url: str, account: str | None) -> tuple[int, str, str] | None:
    """Return (status, code or "", xml body) for an emulated action."""
    iam = _iam(moto_url, account)
    arn = params.get("OpenIDConnectProviderArn", "")
    client_id = params.get("ClientID", "")
    try:
        provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        ids = list(provider.get("ClientIDList") or [])
        if action == "AddClientIDToOpenIDConnectProvider" and client_id not in ids:
            ids.append(client_id)
        elif action == "RemoveClientIDFromOpenIDConnectProvider" and client_id in ids:
            ids.remove(client_id)
        else:
            ids = None  # already as desired: nothing to change
        if ids is not None:
            iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
            kwargs = {"Url": "https://" + provider["Url"].removeprefix("https://"), "ClientIDList": ids,
                      "ThumbprintList": provider.get("ThumbprintList") or []}
            if provider.get("Tags"):
                kwargs["Tags"] = provider["Tags"]
            iam.create_open_id_connect_provider(**kwargs)
    except botocore.exceptions.ClientError as e:
        error = e.response.get("Error", {})
        status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
        return status, error.get("Code", "ServiceFailure"), error.get("Message", "")
    body = (f'<{action}Response xmlns="{IAM_NS}"><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId>'
            f"</ResponseMetadata></{action}Response>")
    return 200, "", body
