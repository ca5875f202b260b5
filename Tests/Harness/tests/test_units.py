"""Pure pieces of the emulator: patches, selectors, protobuf decoding, fault rules."""

import json

import pytest

from harness.aws.faultproxy import FaultState, minified_length
from harness.kube import patching, tokens


def test_json_patch_operations_and_failures():
    doc = {"a": {"b": [1, 2]}, "k/x": 1}
    out = patching.json_patch(doc, [
        {"op": "add", "path": "/a/b/-", "value": 3},
        {"op": "replace", "path": "/a/b/0", "value": 0},
        {"op": "move", "from": "/k~1x", "path": "/m"},
        {"op": "copy", "from": "/m", "path": "/n"},
        {"op": "test", "path": "/a/b", "value": [0, 2, 3]},
        {"op": "remove", "path": "/n"}])
    assert out == {"a": {"b": [0, 2, 3]}, "m": 1} and doc == {"a": {"b": [1, 2]}, "k/x": 1}
    for bad in ([{"op": "test", "path": "/a/b", "value": []}], [{"op": "remove", "path": "/zz"}],
                [{"op": "add", "path": "/a/b/9", "value": 1}], [{"op": "frob", "path": "/a"}], {"op": "add"}):
        with pytest.raises(patching.PatchError):
            patching.json_patch(doc, bad)


def test_merge_and_strategic_patches():
    doc = {"metadata": {"annotations": {"x": "1", "y": "2"}},
           "spec": {"containers": [{"name": "a", "image": "i", "env": [{"name": "E", "value": "1"}]}, {"name": "b"}]}}
    assert patching.merge_patch(doc, {"metadata": {"annotations": {"x": None}}})["metadata"] == {"annotations": {"y": "2"}}
    replaced = patching.merge_patch(doc, {"spec": {"containers": [{"name": "a", "image": "j"}]}})
    assert replaced["spec"]["containers"] == [{"name": "a", "image": "j"}]
    merged = patching.strategic_merge_patch(doc, {"spec": {"containers": [
        {"name": "a", "env": [{"name": "F", "value": "2"}]}, {"name": "b", "$patch": "delete"}, {"name": "c"}]}})
    assert merged["spec"]["containers"] == [
        {"name": "a", "image": "i", "env": [{"name": "E", "value": "1"}, {"name": "F", "value": "2"}]}, {"name": "c"}]


def test_label_and_field_selectors():
    terms = patching.parse_label_selector("app in (a, b),tier!=db,!legacy,team,env==prod")
    assert patching.matches_labels({"app": "a", "team": "t", "env": "prod"}, terms)
    assert not patching.matches_labels({"app": "c", "team": "t", "env": "prod"}, terms)
    assert not patching.matches_labels({"app": "a", "team": "t", "env": "prod", "legacy": ""}, terms)
    assert not patching.matches_labels({"app": "a", "env": "prod"}, terms)
    obj = {"metadata": {"name": "x", "namespace": "n"}, "status": {"phase": "Running"}}
    assert patching.matches_fields(obj, "metadata.name=x,status.phase==Running,metadata.namespace!=kube-system")
    assert not patching.matches_fields(obj, "metadata.name=y")


def _pb_field(number: int, payload: bytes) -> bytes:
    assert len(payload) < 128
    return bytes([number << 3 | 2, len(payload)]) + payload


def test_protobuf_token_request_and_service_account():
    spec = _pb_field(1, b"sts.amazonaws.com") + _pb_field(1, b"other") + bytes([4 << 3, 0x90, 0x1C])  # 3600
    raw = _pb_field(1, _pb_field(1, b"orders")) + _pb_field(2, spec)
    body = b"k8s\x00" + _pb_field(1, b"") + _pb_field(2, raw)
    assert tokens.decode_token_request(body, "application/vnd.kubernetes.protobuf") == {
        "audiences": ["sts.amazonaws.com", "other"], "expirationSeconds": 3600}
    assert tokens.decode_token_request(json.dumps({"spec": {"audiences": ["a"]}}).encode(), "application/json") == {"audiences": ["a"]}
    meta = _pb_field(1, b"orders") + _pb_field(3, b"shop") + _pb_field(12, _pb_field(1, b"k") + _pb_field(2, b"v"))
    sa = b"k8s\x00" + _pb_field(2, _pb_field(1, meta) + bytes([4 << 3, 1]))
    assert tokens.decode_metadata_only(sa, "ServiceAccount") == {
        "metadata": {"name": "orders", "namespace": "shop", "annotations": {"k": "v"}}, "automountServiceAccountToken": True}
    with pytest.raises(ValueError):
        tokens.decode_metadata_only(b"{}", "Namespace")


def test_tokens_carry_issuer_and_subject():
    issuer = tokens.TokenIssuer("https://a.example")
    token, exp = issuer.issue("shop", "orders", "uid-1", ["sts.amazonaws.com"], 600, now=1000)
    claims = tokens.decode_claims(token)
    assert (claims["iss"], claims["sub"], claims["aud"], claims["exp"], exp) == (
        "https://a.example", "system:serviceaccount:shop:orders", ["sts.amazonaws.com"], 1600, 1600)
    issuer.issuer = "https://b.example"
    assert issuer.openid_configuration()["jwks_uri"] == "https://b.example/openid/v1/jwks"


def test_fault_rules_count_times_rate_and_quota():
    state = FaultState()
    state.configure({"rules": [{"action": "GetRole", "error": "Throttling", "times": 1},
                               {"action": "*", "error": "InternalFailure", "rate": 0.5, "seed": 7}]})
    assert state.decide("GetRole", {})[0] == "Throttling"
    outcomes = [state.decide("ListRoles", {}) for _ in range(200)]
    failures = sum(1 for o in outcomes if o)
    assert 60 < failures < 140
    assert state.snapshot()["counts"] == {"GetRole": 1, "ListRoles": 200}
    state.configure({"rules": []})
    big = json.dumps({"Statement": ["x" * 2100]})
    assert state.decide("UpdateAssumeRolePolicy", {"PolicyDocument": big}) == (
        "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048")
    assert state.decide("UpdateAssumeRolePolicy", {"PolicyDocument": "not json" * 500}) is None
    assert minified_length('{ "a" : [ 1, 2 ] }') == len('{"a":[1,2]}')
    with pytest.raises(ValueError):
        state.configure({"rules": [{"error": "Nope"}]})
