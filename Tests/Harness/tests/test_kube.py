"""The real kubectl against the Kubernetes emulator."""

import json
import subprocess
import time

from conftest import ESTATE
from harness.kube.tokens import decode_claims

ROLE = "arn:aws:iam::111122223333:role/orders"
TOKEN_DIR = "/var/run/secrets/eks.amazonaws.com/serviceaccount"


def ns(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def sa(name, namespace="shop", annotations=None):
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": name, "namespace": namespace, "annotations": annotations or {}}}


def template(app, sa_name=None, annotations=None, labels=None, env=None):
    spec = {"containers": [{"name": "app", "image": "example/app:1", **({"env": env} if env else {})}],
            "initContainers": [{"name": "init", "image": "example/init:1"}]}
    if sa_name:
        spec["serviceAccountName"] = sa_name
    return {"metadata": {"labels": {"app": app, **(labels or {})}, "annotations": annotations or {}}, "spec": spec}


def workload(kind, name, namespace="shop", replicas=2, **tkw):
    spec = {"selector": {"matchLabels": {"app": name}}, "template": template(name, **tkw)}
    if kind != "DaemonSet":
        spec["replicas"] = replicas
    if kind == "StatefulSet":
        spec["serviceName"] = name
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name, "namespace": namespace,
                                                               "labels": {"app": name, "tier": "web"}}, "spec": spec}


def cronjob(name, namespace="shop"):
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name, "namespace": namespace},
            "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": template(name)}}}}


def job(name, namespace="shop"):
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name, "namespace": namespace},
            "spec": {"template": {**template(name), "spec": {**template(name)["spec"], "restartPolicy": "Never"}}}}


def estate(h):
    h.apply_objects(ns("shop"))
    h.apply_objects(sa("orders", annotations={"eks.amazonaws.com/role-arn": ROLE}),
                    workload("Deployment", "orders", annotations={"iam.amazonaws.com/role": "orders"}),
                    workload("StatefulSet", "billing"), workload("DaemonSet", "agent"),
                    cronjob("report"), job("once"))


def pods_of(h, app, namespace="shop"):
    return h.kjson("get", "pods", "-n", namespace, "-l", f"app={app}")["items"]


def test_discovery_and_multi_kind_list(h):
    resources = h.kubectl("api-resources", "-o", "name").stdout.split()
    for name in ("namespaces", "serviceaccounts", "pods", "deployments.apps", "statefulsets.apps",
                 "daemonsets.apps", "replicasets.apps", "jobs.batch", "cronjobs.batch"):
        assert name in resources
    estate(h)
    doc = h.kjson("get", "ns,sa,deploy,sts,ds,cronjobs,jobs,pods", "-A")
    assert doc["kind"] == "List" and doc["apiVersion"] == "v1"
    kinds = [i["kind"] for i in doc["items"]]
    for kind in ("Namespace", "ServiceAccount", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod"):
        assert kind in kinds
    assert kinds.count("Pod") == 2 + 2 + 2  # deployment replicas, statefulset replicas, daemonset on 2 nodes
    for item in doc["items"]:
        meta = item["metadata"]
        assert meta["uid"] and meta["resourceVersion"] and meta["creationTimestamp"]
    assert {"shop", "default", "kube-system"} <= {i["metadata"]["name"] for i in doc["items"] if i["kind"] == "Namespace"}


def test_label_and_field_selectors(h):
    estate(h)
    names = h.kubectl("get", "deploy,sts,ds", "-A", "-l", "tier=web,app in (orders,agent)", "-o", "name").stdout.split()
    assert names == ["deployment.apps/orders", "daemonset.apps/agent"]
    assert h.kubectl("get", "pods", "-n", "shop", "-l", "app!=orders,app!=agent", "-o", "name").stdout.count("pod/billing-") == 2
    assert h.kubectl("get", "sa", "-A", "--field-selector", "metadata.name=orders", "-o", "name").stdout.split() == ["serviceaccount/orders"]
    assert h.kubectl("get", "sa", "-A", "--field-selector", "metadata.namespace=kube-system", "-o", "name").stdout.split() == ["serviceaccount/default"]


def test_annotate_and_unannotate_bumps_resource_version(h):
    h.apply_objects(ns("shop"), sa("orders"))
    before = h.kjson("get", "sa", "orders", "-n", "shop")["metadata"]["resourceVersion"]
    h.kubectl("annotate", "sa", "orders", "-n", "shop", f"eks.amazonaws.com/role-arn={ROLE}")
    after = h.kjson("get", "sa", "orders", "-n", "shop")
    assert after["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == ROLE
    assert int(after["metadata"]["resourceVersion"]) > int(before)
    failed = h.kubectl("annotate", "sa", "orders", "-n", "shop", "eks.amazonaws.com/role-arn=other", check=False)
    assert failed.returncode != 0  # kubectl refuses to overwrite without --overwrite
    h.kubectl("annotate", "sa", "orders", "-n", "shop", "eks.amazonaws.com/role-arn-")
    assert "eks.amazonaws.com/role-arn" not in (h.kjson("get", "sa", "orders", "-n", "shop")["metadata"].get("annotations") or {})


def test_create_and_delete_service_account(h):
    h.kubectl("create", "namespace", "shop")  # protobuf body
    h.kubectl("create", "serviceaccount", "orders", "-n", "shop")  # protobuf body
    assert h.kjson("get", "sa", "orders", "-n", "shop")["metadata"]["namespace"] == "shop"
    assert h.kubectl("get", "sa", "default", "-n", "shop", "-o", "name").stdout.strip() == "serviceaccount/default"
    again = h.kubectl("create", "serviceaccount", "orders", "-n", "shop", check=False)
    assert again.returncode != 0 and "AlreadyExists" in again.stderr or "already exists" in again.stderr
    h.kubectl("delete", "serviceaccount", "orders", "-n", "shop")
    gone = h.kubectl("get", "sa", "orders", "-n", "shop", check=False)
    assert gone.returncode != 0 and "NotFound" in gone.stderr
    missing_ns = h.kubectl("create", "serviceaccount", "x", "-n", "nowhere", check=False)
    assert missing_ns.returncode != 0 and "not found" in missing_ns.stderr


def test_json_patch_test_op_guards_the_write(h):
    h.apply_objects(ns("shop"), sa("orders", annotations={"owner": "a"}))
    rv = h.kjson("get", "sa", "orders", "-n", "shop")["metadata"]["resourceVersion"]
    failed = h.kubectl("patch", "sa", "orders", "-n", "shop", "--type", "json", "-p", json.dumps([
        {"op": "test", "path": "/metadata/annotations/owner", "value": "b"},
        {"op": "add", "path": "/metadata/annotations/x", "value": "y"}]), check=False)
    assert failed.returncode != 0 and "test operation failed" in failed.stderr
    assert h.kjson("get", "sa", "orders", "-n", "shop")["metadata"]["resourceVersion"] == rv
    h.kubectl("patch", "sa", "orders", "-n", "shop", "--type", "json", "-p", json.dumps([
        {"op": "test", "path": "/metadata/annotations/owner", "value": "a"},
        {"op": "add", "path": "/metadata/annotations/x", "value": "y"}]))
    assert h.kjson("get", "sa", "orders", "-n", "shop")["metadata"]["annotations"] == {"owner": "a", "x": "y"}
    bad_path = h.kubectl("patch", "sa", "orders", "-n", "shop", "--type", "json",
                         "-p", '[{"op":"remove","path":"/metadata/labels/none"}]', check=False)
    assert bad_path.returncode != 0


def test_stale_resource_version_conflicts(h):
    h.apply_objects(ns("shop"), sa("orders"))
    stale = h.kjson("get", "sa", "orders", "-n", "shop")
    h.kubectl("annotate", "sa", "orders", "-n", "shop", "a=b")
    stale["metadata"]["annotations"] = {"c": "d"}
    conflict = h.kubectl("replace", "-f", "-", input=json.dumps(stale), check=False)
    assert conflict.returncode != 0 and "the object has been modified" in conflict.stderr
    fresh = h.kjson("get", "sa", "orders", "-n", "shop")
    fresh["metadata"]["annotations"] = {"c": "d"}
    h.kubectl("replace", "-f", "-", input=json.dumps(fresh))
    assert h.kjson("get", "sa", "orders", "-n", "shop")["metadata"]["annotations"] == {"c": "d"}
    merge = h.kubectl("patch", "sa", "orders", "-n", "shop", "--type", "merge",
                      "-p", json.dumps({"metadata": {"resourceVersion": stale["metadata"]["resourceVersion"], "labels": {"x": "y"}}}),
                      check=False)
    assert merge.returncode != 0 and "Conflict" in merge.stderr or "modified" in merge.stderr


def test_generation_bumps_only_on_spec_change(h):
    estate(h)
    deploy = h.kjson("get", "deploy", "orders", "-n", "shop")
    assert deploy["metadata"]["generation"] == 1 and deploy["status"]["observedGeneration"] == 1
    h.kubectl("annotate", "deploy", "orders", "-n", "shop", "note=metadata-only")
    assert h.kjson("get", "deploy", "orders", "-n", "shop")["metadata"]["generation"] == 1
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", '{"spec":{"replicas":3}}')
    deploy = h.kjson("get", "deploy", "orders", "-n", "shop")
    assert deploy["metadata"]["generation"] == 2 and deploy["status"]["observedGeneration"] == 2
    assert len(pods_of(h, "orders")) == 3


def test_rollout_status_succeeds_for_each_workload_kind(h):
    estate(h)
    for ref in ("deployment/orders", "statefulset/billing", "daemonset/agent"):
        done = h.kubectl("rollout", "status", ref, "-n", "shop", "--timeout=30s")
        assert "successfully rolled out" in done.stdout or "complete" in done.stdout, done.stdout
    h.kubectl("wait", "--for=condition=Available", "deployment/orders", "-n", "shop", "--timeout=10s")


def test_template_change_recreates_pods_with_irsa(h):
    estate(h)
    h.kubectl("annotate", "sa", "orders", "-n", "shop", "eks.amazonaws.com/audience=custom-aud",
              "eks.amazonaws.com/sts-regional-endpoints=true")
    old = {p["metadata"]["name"] for p in pods_of(h, "orders")}
    assert all("env" not in c for p in pods_of(h, "orders") for c in p["spec"]["containers"])  # default SA
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "--type", "json", "-p", json.dumps([
        {"op": "add", "path": "/spec/template/spec/serviceAccountName", "value": "orders"},
        {"op": "remove", "path": "/spec/template/metadata/annotations/iam.amazonaws.com~1role"}]))
    h.kubectl("rollout", "status", "deployment/orders", "-n", "shop", "--timeout=30s")
    deploy = h.kjson("get", "deploy", "orders", "-n", "shop")
    assert deploy["metadata"]["generation"] == 2 == deploy["status"]["observedGeneration"]
    assert deploy["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    pods = pods_of(h, "orders")
    assert len(pods) == 2 and not old & {p["metadata"]["name"] for p in pods}
    rs = h.kjson("get", "rs", "-n", "shop", "-l", "app=orders")["items"]
    current = [r for r in rs if r["spec"]["replicas"] == 2]
    assert len(rs) == 2 and len(current) == 1
    for pod in pods:
        assert pod["metadata"]["labels"]["pod-template-hash"] == current[0]["metadata"]["labels"]["pod-template-hash"]
        assert pod["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet"
        for c in pod["spec"]["containers"] + pod["spec"]["initContainers"]:
            env = {e["name"]: e["value"] for e in c["env"]}
            assert env == {"AWS_ROLE_ARN": ROLE, "AWS_WEB_IDENTITY_TOKEN_FILE": f"{TOKEN_DIR}/token",
                           "AWS_STS_REGIONAL_ENDPOINTS": "regional"}
            assert {"name": "aws-iam-token", "mountPath": TOKEN_DIR, "readOnly": True} in c["volumeMounts"]
        volume = next(v for v in pod["spec"]["volumes"] if v["name"] == "aws-iam-token")
        assert volume["projected"]["sources"][0]["serviceAccountToken"] == {
            "audience": "custom-aud", "expirationSeconds": 86400, "path": "token"}


def test_webhook_skips_label_and_keeps_existing_env(h):
    h.apply_objects(ns("shop"), sa("orders", annotations={"eks.amazonaws.com/role-arn": ROLE}))
    h.apply_objects(workload("Deployment", "skipped", sa_name="orders",
                             labels={"eks.amazonaws.com/skip-pod-identity-webhook": "true"}),
                    workload("StatefulSet", "preset", sa_name="orders",
                             env=[{"name": "AWS_ROLE_ARN", "value": "arn:aws:iam::1:role/mine"}]))
    for pod in pods_of(h, "skipped"):
        assert all("env" not in c for c in pod["spec"]["containers"])
        assert not any(v["name"] == "aws-iam-token" for v in pod["spec"].get("volumes") or [])
    for pod in pods_of(h, "preset"):
        app = pod["spec"]["containers"][0]
        assert app["env"] == [{"name": "AWS_ROLE_ARN", "value": "arn:aws:iam::1:role/mine"}]
        init = pod["spec"]["initContainers"][0]
        assert {e["name"] for e in init["env"]} == {"AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"}


def test_stuck_rollout_reports_progress_deadline(h):
    estate(h)
    h.control("stuck", {"kind": "Deployment", "namespace": "shop", "name": "orders"})
    old = {p["metadata"]["name"] for p in pods_of(h, "orders")}
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", '{"spec":{"template":{"spec":{"serviceAccountName":"orders"}}}}')
    stuck = h.kubectl("rollout", "status", "deployment/orders", "-n", "shop", "--timeout=30s", check=False)
    assert stuck.returncode != 0 and "exceeded its progress deadline" in stuck.stderr
    deploy = h.kjson("get", "deploy", "orders", "-n", "shop")
    assert deploy["status"]["observedGeneration"] == 2 and deploy["status"]["updatedReplicas"] < 2
    assert {p["metadata"]["name"] for p in pods_of(h, "orders")} == old  # old template still running
    h.control("stuck", {"kind": "Deployment", "namespace": "shop", "name": "orders", "stuck": False})
    h.kubectl("rollout", "status", "deployment/orders", "-n", "shop", "--timeout=30s")
    assert not old & {p["metadata"]["name"] for p in pods_of(h, "orders")}


def test_stuck_rollout_without_deadline_times_out(h):
    estate(h)
    h.control("stuck", {"kind": "sts", "namespace": "shop", "name": "billing", "progressDeadlineExceeded": False})
    h.control("stuck", {"kind": "Deployment", "namespace": "shop", "name": "orders", "progressDeadlineExceeded": False})
    h.kubectl("patch", "sts", "billing", "-n", "shop", "-p", '{"spec":{"template":{"metadata":{"labels":{"v":"2"}}}}}')
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", '{"spec":{"template":{"metadata":{"labels":{"v":"2"}}}}}')
    started = time.monotonic()
    waiters = [subprocess.Popen(["kubectl", "rollout", "status", ref, "-n", "shop", "--timeout=2s"], env=h.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for ref in ("statefulset/billing", "deployment/orders")]
    for waiter in waiters:
        _, err = waiter.communicate(timeout=30)
        assert waiter.returncode != 0 and "timed out" in err, err
    assert time.monotonic() - started >= 1.9


def test_watch_streams_json_events(h):
    h.apply_objects(ns("shop"))
    watch = subprocess.Popen(["kubectl", "get", "sa", "-n", "shop", "--watch", "--output-watch-events", "-o", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=h.env)
    try:
        time.sleep(0.5)
        h.apply_objects(sa("late"))
        h.kubectl("annotate", "sa", "late", "-n", "shop", "a=b")
        events = []
        decoder = json.JSONDecoder()
        buffer = ""
        while len(events) < 3:
            line = watch.stdout.readline()
            assert line, watch.stderr.read() if watch.poll() is not None else "watch ended"
            buffer += line
            try:
                event, _ = decoder.raw_decode(buffer.strip())
            except ValueError:
                continue
            events.append(event)
            buffer = ""
    finally:
        watch.kill()
        watch.wait()
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "default"), ("ADDED", "late"), ("MODIFIED", "late")]


def test_delete_cascades_to_pods(h):
    estate(h)
    h.kubectl("delete", "deployment", "orders", "-n", "shop")
    assert pods_of(h, "orders") == []
    assert h.kjson("get", "rs", "-n", "shop")["items"] == []
    h.kubectl("delete", "namespace", "shop")
    assert h.kubectl("get", "sa", "-n", "shop", "-o", "name").stdout.strip() == ""


def test_create_token_claims_and_signature(h):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    import base64

    h.apply_objects(ns("shop"), sa("orders"))
    token = h.kubectl("create", "token", "orders", "-n", "shop", "--audience", "sts.amazonaws.com",
                      "--duration", "2h").stdout.strip()
    claims = decode_claims(token)
    assert claims["iss"] == h.control("issuer", None, "GET")["issuer"]
    assert claims["sub"] == "system:serviceaccount:shop:orders"
    assert claims["aud"] == ["sts.amazonaws.com"]
    assert claims["exp"] - claims["iat"] == 7200 and claims["nbf"] == claims["iat"]
    assert claims["kubernetes.io"]["serviceaccount"]["name"] == "orders"
    jwks = json.loads(h.kubectl("get", "--raw", "/openid/v1/jwks").stdout)
    key = jwks["keys"][0]
    b64 = lambda s: int.from_bytes(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), "big")
    public = rsa.RSAPublicNumbers(b64(key["e"]), b64(key["n"])).public_key()
    head, body, sig = token.split(".")
    public.verify(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)), f"{head}.{body}".encode(),
                  padding.PKCS1v15(), hashes.SHA256())
    missing = h.kubectl("create", "token", "nobody", "-n", "shop", check=False)
    assert missing.returncode != 0 and "not found" in missing.stderr


def test_openid_configuration_follows_issuer_switch(h):
    h.apply_objects(ns("shop"), sa("orders"))
    config = json.loads(h.kubectl("get", "--raw", "/.well-known/openid-configuration").stdout)
    assert config["jwks_uri"] == config["issuer"] + "/openid/v1/jwks"
    new = "https://d111111abcdef8.cloudfront.net/cluster-b"
    h.control("issuer", {"issuer": new})
    assert json.loads(h.kubectl("get", "--raw", "/.well-known/openid-configuration").stdout)["issuer"] == new
    token = h.kubectl("create", "token", "orders", "-n", "shop", "--audience", "sts.amazonaws.com").stdout.strip()
    assert decode_claims(token)["iss"] == new


def test_load_snapshot_list(h):
    doc = json.loads((ESTATE / "kubernetes.json").read_text())
    doc["items"].append({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": "shop"},
                         "spec": {"containers": [{"name": "sh", "image": "busybox"}]}, "status": {"phase": "Running"}})
    assert h.control("load", doc)["loaded"] == 7  # the owned pod is recreated by its controller, not loaded
    shop = h.kjson("get", "ns", "shop")
    assert shop["metadata"]["annotations"]["iam.amazonaws.com/permitted"].startswith("arn:aws:iam::111122223333")
    deploy = h.kjson("get", "deploy", "orders", "-n", "shop")
    assert deploy["metadata"]["uid"] != "0000-orders" and deploy["metadata"]["generation"] == 1
    assert len(pods_of(h, "orders")) == 2 and len(pods_of(h, "billing")) == 1
    assert h.kjson("get", "pod", "debug", "-n", "shop")["spec"]["serviceAccountName"] == "default"
    h.kubectl("rollout", "status", "deployment/orders", "-n", "shop", "--timeout=30s")
    assert h.kubectl("get", "cronjobs", "-n", "shop", "-o", "name").stdout.strip() == "cronjob.batch/report"
    requests = h.control("requests", None, "GET")["requests"]
    assert any(r.startswith("GET /apis/apps/v1/namespaces/shop/deployments/orders") for r in requests)


def test_rollout_status_follows_the_watch_until_unstuck(h):
    estate(h)
    h.control("stuck", {"kind": "Deployment", "namespace": "shop", "name": "orders", "progressDeadlineExceeded": False})
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", '{"spec":{"template":{"metadata":{"labels":{"v":"2"}}}}}')
    waiter = subprocess.Popen(["kubectl", "rollout", "status", "deployment/orders", "-n", "shop", "--timeout=20s"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=h.env)
    time.sleep(1)
    assert waiter.poll() is None  # still waiting on its watch
    h.control("stuck", {"kind": "Deployment", "namespace": "shop", "name": "orders", "stuck": False})
    out, err = waiter.communicate(timeout=20)
    assert waiter.returncode == 0 and "successfully rolled out" in out, err


def test_strategic_patch_merges_containers_by_name_and_webhook_can_be_off(h):
    h.apply_objects(ns("shop"), sa("orders", annotations={"eks.amazonaws.com/role-arn": ROLE}),
                    workload("Deployment", "orders"))
    h.control("webhook", {"enabled": False})
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", json.dumps({"spec": {"template": {"spec": {
        "serviceAccountName": "orders", "containers": [{"name": "app", "env": [{"name": "MODE", "value": "x"}]}]}}}}))
    h.kubectl("rollout", "status", "deployment/orders", "-n", "shop", "--timeout=30s")
    containers = h.kjson("get", "deploy", "orders", "-n", "shop")["spec"]["template"]["spec"]["containers"]
    assert containers == [{"name": "app", "image": "example/app:1", "env": [{"name": "MODE", "value": "x"}]}]
    for pod in pods_of(h, "orders"):  # created while the webhook was down: no IRSA
        assert pod["spec"]["containers"][0]["env"] == [{"name": "MODE", "value": "x"}]
    h.control("webhook", {"enabled": True})
    h.kubectl("rollout", "restart", "deployment/orders", "-n", "shop")
    h.kubectl("rollout", "status", "deployment/orders", "-n", "shop", "--timeout=30s")
    for pod in pods_of(h, "orders"):
        assert [e["name"] for e in pod["spec"]["containers"][0]["env"]] == ["MODE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"]


def test_apply_client_and_server_side(h):
    h.apply_objects(ns("shop"))
    deploy = workload("Deployment", "orders")
    h.kubectl("apply", "-f", "-", input=json.dumps(deploy))
    deploy["spec"]["replicas"] = 3
    h.kubectl("apply", "-f", "-", input=json.dumps(deploy))
    assert len(pods_of(h, "orders")) == 3
    deploy["spec"]["replicas"] = 1
    h.kubectl("apply", "--server-side", "-f", "-", input=json.dumps(deploy))
    assert len(pods_of(h, "orders")) == 1
    h.kubectl("apply", "--server-side", "-f", "-", input=json.dumps(sa("created-by-ssa")))
    assert h.kjson("get", "sa", "created-by-ssa", "-n", "shop")["metadata"]["name"] == "created-by-ssa"


def test_forbidden_requests_and_auth_can_i(h):
    estate(h)
    assert h.kubectl("auth", "can-i", "patch", "deployments", "-n", "shop").stdout.strip() == "yes"
    h.control("forbid", {"rules": [{"verb": "patch", "resource": "deployments", "namespace": "shop"},
                                   {"verb": "create", "resource": "serviceaccounts/token"}]})
    denied = h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", '{"spec":{"replicas":1}}', check=False)
    assert denied.returncode != 0 and 'cannot patch resource "deployments" in API group "apps"' in denied.stderr
    assert h.kubectl("auth", "can-i", "patch", "deployments", "-n", "shop", check=False).stdout.startswith("no")
    assert h.kubectl("auth", "can-i", "patch", "deployments", "-n", "other").stdout.strip() == "yes"
    assert h.kubectl("auth", "can-i", "create", "serviceaccounts", "--subresource=token", "-n", "shop", check=False).stdout.startswith("no")
    token = h.kubectl("create", "token", "orders", "-n", "shop", check=False)
    assert token.returncode != 0 and "forbidden" in token.stderr
    h.kubectl("get", "deploy", "orders", "-n", "shop")  # reading is still allowed
    h.control("forbid", {"rules": []})
    h.kubectl("patch", "deploy", "orders", "-n", "shop", "-p", '{"spec":{"replicas":1}}')
