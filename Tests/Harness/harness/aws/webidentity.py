"""AssumeRoleWithWebIdentity checked like STS does, in place of moto's (which checks nothing).

Order of the checks, and the answers (AWS STS API reference, Errors; IAM User Guide, OIDC):
1. the token is a JWT signed with RS256: else `InvalidIdentityToken`;
2. an OIDC provider for its `iss` exists in the ROLE's account (the request is unsigned, so
   the account comes from RoleArn): else `InvalidIdentityToken` "No OpenIDConnect provider
   found in your account for ISS";
3. the signature verifies against the cluster emulator's JWKS (standing in for the keys
   IAM fetches from the issuer): else `InvalidIdentityToken`;
4. `exp` has not passed: else `ExpiredTokenException`;
5. `aud` is one of the provider's client IDs: else `InvalidIdentityToken` "Incorrect token audience";
6. the role exists and its trust policy allows the provider as `Federated` principal with the
   context keys `HOST/PATH:sub`, `HOST/PATH:aud` (trusteval.py): else `AccessDenied`
   "Not authorized to perform sts:AssumeRoleWithWebIdentity" (a missing role answers the same).
The answer carries `Provider` (the provider ARN), `Audience` and `SubjectFromWebIdentityToken`.
"""

import base64
import datetime
import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
import uuid
from typing import Any
from xml.sax.saxutils import escape

import botocore.exceptions
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from . import emulated, trusteval

STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
NOT_VALID = ("The web identity token that was passed could not be validated by AWS. "
             "Get a new identity token from the identity provider and then retry the request.")
NOT_JWT = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"
DENIED = "Not authorized to perform sts:AssumeRoleWithWebIdentity"


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Keys:
    """The JWKS of the cluster emulator, fetched when a token names a key id not seen yet."""

    def __init__(self) -> None:
        self.url: str | None = None
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._lock = threading.Lock()

    def key(self, kid: str | None) -> rsa.RSAPublicKey | None:
        with self._lock:
            if kid not in self._keys and self.url:
                try:
                    with urllib.request.urlopen(self.url, timeout=10) as response:
                        for jwk in json.loads(response.read()).get("keys", []):
                            if jwk.get("kty") == "RSA":
                                numbers = rsa.RSAPublicNumbers(int.from_bytes(_b64(jwk["e"]), "big"),
                                                               int.from_bytes(_b64(jwk["n"]), "big"))
                                self._keys[jwk.get("kid")] = numbers.public_key()
                except OSError:
                    raise Refusal(400, "InvalidIdentityToken",
                                  "Couldn't retrieve verification key from your identity provider, please "
                                  "reference AssumeRoleWithWebIdentity documentation for requirements") from None
            return self._keys.get(kid)


def _decode(token: str) -> tuple[dict, dict, bytes, bytes]:
    try:
        header_b64, claims_b64, signature_b64 = token.strip().split(".")
        header, claims = json.loads(_b64(header_b64)), json.loads(_b64(claims_b64))
        if not isinstance(header, dict) or not isinstance(claims, dict):
            raise ValueError
        return header, claims, f"{header_b64}.{claims_b64}".encode(), _b64(signature_b64)
    except (ValueError, TypeError):
        raise Refusal(400, "InvalidIdentityToken", NOT_JWT) from None


def _provider(iam: Any, account: str, issuer: str) -> tuple[str, list[str]]:
    host = issuer.removeprefix("https://").rstrip("/")
    arn = f"arn:aws:iam::{account}:oidc-provider/{host}"
    try:
        provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    except botocore.exceptions.ClientError:
        raise Refusal(400, "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {issuer}") from None
    return arn, list(provider.get("ClientIDList") or [])


def _trust(iam: Any, role_arn: str) -> tuple[Any, str] | None:
    name = role_arn.rsplit("/", 1)[-1]
    try:
        role = iam.get_role(RoleName=name)["Role"]
    except botocore.exceptions.ClientError:
        return None
    if role.get("Arn") != role_arn:
        return None  # same name, another path: not the role asked for
    document = role.get("AssumeRolePolicyDocument")
    if isinstance(document, str):
        try:
            document = json.loads(urllib.parse.unquote(document))
        except ValueError:
            return None
    return document, role.get("RoleId", "AROA" + uuid.uuid4().hex[:17].upper())


def check(params: dict[str, str], keys: Keys, moto_url: str, now: float | None = None) -> dict:
    """The facts of an accepted request, or raise Refusal with STS's status, code and message."""
    role_arn, token = params.get("RoleArn", ""), params.get("WebIdentityToken", "")
    session = params.get("RoleSessionName", "")
    parts = role_arn.split(":")
    if len(parts) < 6 or parts[2] != "iam" or not parts[5].startswith("role/") or len(session) < 2:
        raise Refusal(400, "ValidationError", f"1 validation error detected: Value '{role_arn}' at 'roleArn' "
                                              "failed to satisfy constraint: Member must be a role ARN")
    account = parts[4]
    header, claims, signed, signature = _decode(token)
    issuer = str(claims.get("iss") or "")
    iam = emulated._iam(moto_url, account)
    provider_arn, client_ids = _provider(iam, account, issuer)
    key = keys.key(header.get("kid"))
    if header.get("alg") != "RS256" or key is None:
        raise Refusal(400, "InvalidIdentityToken", NOT_VALID)
    try:
        key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise Refusal(400, "InvalidIdentityToken", NOT_VALID) from None
    now = time.time() if now is None else now
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= now:
        stamp = lambda t: datetime.datetime.fromtimestamp(t, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        raise Refusal(400, "ExpiredTokenException",
                      f"Token expired: current date/time {stamp(now)} must be before the expiration date/time "
                      f"{stamp(claims['exp']) if isinstance(claims.get('exp'), (int, float)) else 'unknown'}")
    audience = next((a for a in trusteval._as_list(claims.get("aud")) if a in client_ids), None)
    if audience is None:
        raise Refusal(400, "InvalidIdentityToken", "Incorrect token audience")
    subject = str(claims.get("sub") or "")
    host = provider_arn.split(":oidc-provider/", 1)[1]
    trust = _trust(iam, role_arn)
    decision = "implicit-deny"
    if trust is not None:
        context = {f"{host}:sub": [subject], f"{host}:aud": [audience]}
        decision, _ = trusteval.decide(trust[0], provider_arn, context)
    if decision != "allow":
        raise Refusal(403, "AccessDenied", DENIED)
    return {"roleArn": role_arn, "roleId": trust[1], "session": session, "provider": provider_arn,
            "audience": audience, "subject": subject, "account": account}


def response(facts: dict) -> str:
    facts = {k: escape(v) for k, v in facts.items()}
    role_name = facts["roleArn"].rsplit("/", 1)[-1]
    expires = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'<AssumeRoleWithWebIdentityResponse xmlns="{STS_NS}"><AssumeRoleWithWebIdentityResult>'
            f"<Audience>{facts['audience']}</Audience>"
            f"<AssumedRoleUser><Arn>arn:aws:sts::{facts['account']}:assumed-role/{role_name}/{facts['session']}</Arn>"
            f"<AssumedRoleId>{facts['roleId']}:{facts['session']}</AssumedRoleId></AssumedRoleUser>"
            f"<Provider>{facts['provider']}</Provider>"
            f"<Credentials><AccessKeyId>ASIA{secrets.token_hex(8).upper()}</AccessKeyId>"
            f"<SecretAccessKey>{secrets.token_urlsafe(30)}</SecretAccessKey>"
            f"<SessionToken>{secrets.token_urlsafe(60)}</SessionToken><Expiration>{expires}</Expiration></Credentials>"
            f"<SubjectFromWebIdentityToken>{facts['subject']}</SubjectFromWebIdentityToken>"
            f"</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId>"
            f"</ResponseMetadata></AssumeRoleWithWebIdentityResponse>")
