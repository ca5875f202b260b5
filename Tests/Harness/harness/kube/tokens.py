"""Service account tokens (RS256 JWTs), the JWKS, and the few protobuf bodies kubectl sends.

kubectl (client-go) sends `create token` (and `create namespace|serviceaccount`) as protobuf wrapped in the
Kubernetes envelope (`k8s\\x00` + runtime.Unknown). We decode just the fields we need
(audiences, expirationSeconds) with a tiny wire-format reader and answer in JSON, which
client-go accepts because it decodes by the response Content-Type.
"""

import base64
import hashlib
import json
import time
import uuid
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(n: int) -> str:
    return _b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class TokenIssuer:
    """Signs service account JWTs with a key generated at start-up; `issuer` may change at runtime."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = _b64url(hashlib.sha256(public).digest())

    def jwks(self) -> dict:
        numbers = self._key.public_key().public_numbers()
        return {"keys": [{"use": "sig", "kty": "RSA", "kid": self.kid, "alg": "RS256",
                          "n": _int_b64(numbers.n), "e": _int_b64(numbers.e)}]}

    def openid_configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "jwks_uri": self.issuer.rstrip("/") + "/openid/v1/jwks",
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def issue(self, namespace: str, sa_name: str, sa_uid: str, audiences: list[str],
              expiration_seconds: int, now: float | None = None) -> tuple[str, int]:
        now = int(now if now is not None else time.time())
        exp = now + expiration_seconds
        claims: dict[str, Any] = {
            "aud": audiences,
            "exp": exp,
            "iat": now,
            "iss": self.issuer,
            "jti": str(uuid.uuid4()),
            "kubernetes.io": {
                "namespace": namespace,
                "serviceaccount": {"name": sa_name, "uid": sa_uid},
            },
            "nbf": now,
            "sub": f"system:serviceaccount:{namespace}:{sa_name}",
        }
        header = {"alg": "RS256", "kid": self.kid}
        signing_input = (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                         _b64url(json.dumps(claims, separators=(",", ":")).encode()))
        signature = self._key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + _b64url(signature), exp


def decode_claims(token: str) -> dict:
    """Claims of a JWT without checking the signature (test helper)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


# ---- minimal protobuf reader ------------------------------------------------------------

def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _fields(buf: bytes) -> list[tuple[int, int, Any]]:
    out, pos = [], 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, wire, value))
    return out


def decode_token_request(body: bytes, content_type: str) -> dict:
    """Return `{"audiences": [...], "expirationSeconds": N?}` from a JSON or protobuf TokenRequest."""
    if "protobuf" not in content_type:
        spec = (json.loads(body or b"{}") or {}).get("spec") or {}
        return {k: spec[k] for k in ("audiences", "expirationSeconds") if k in spec}
    raw = _unwrap(body)
    spec_bytes = next((v for n, w, v in _fields(raw) if n == 2 and w == 2), b"")  # TokenRequest.spec
    result: dict[str, Any] = {"audiences": []}
    for number, wire, value in _fields(spec_bytes):
        if number == 1 and wire == 2:  # TokenRequestSpec.audiences
            result["audiences"].append(value.decode())
        elif number == 4 and wire == 0:  # TokenRequestSpec.expirationSeconds
            result["expirationSeconds"] = value
    return result


def _unwrap(body: bytes) -> bytes:
    if not body.startswith(b"k8s\x00"):
        raise ValueError("protobuf body without the k8s envelope")
    return next((v for n, w, v in _fields(body[4:]) if n == 2 and w == 2), b"")  # Unknown.raw


def _string_map(entries: list[bytes]) -> dict[str, str]:
    out = {}
    for entry in entries:
        kv = {n: v for n, w, v in _fields(entry)}
        out[kv.get(1, b"").decode()] = kv.get(2, b"").decode()
    return out


def decode_metadata_only(body: bytes, kind: str) -> dict:
    """Decode a protobuf Namespace or ServiceAccount as sent by `kubectl create ns|sa`.

    Only ObjectMeta's name, generateName, namespace, labels and annotations are read
    (plus ServiceAccount.automountServiceAccountToken); other kinds are refused upstream.
    """
    fields = _fields(_unwrap(body))
    meta_bytes = next((v for n, w, v in fields if n == 1 and w == 2), b"")
    meta_fields = _fields(meta_bytes)
    meta: dict[str, Any] = {}
    for number, key in ((1, "name"), (2, "generateName"), (3, "namespace")):
        value = next((v for n, w, v in meta_fields if n == number and w == 2), None)
        if value:
            meta[key] = value.decode()
    for number, key in ((11, "labels"), (12, "annotations")):
        entries = [v for n, w, v in meta_fields if n == number and w == 2]
        if entries:
            meta[key] = _string_map(entries)
    obj: dict[str, Any] = {"metadata": meta}
    if kind == "ServiceAccount":
        automount = next((v for n, w, v in fields if n == 4 and w == 0), None)
        if automount is not None:
            obj["automountServiceAccountToken"] = bool(automount)
    return obj
