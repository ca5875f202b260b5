"""What `make chaos` relies on in the harness: Kubernetes API faults, the proxy's write log,
stale read-backs and the read/write race; the campaign's estate and input generator."""

import json
import random

from conftest import ESTATE  # noqa: F401 (fixtures)
from harness import estates as estate
from harness.chaos import inputs, known, statefile

TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}
OTHER = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}


def trust(h, name="orders"):
    return h.ajson("iam", "get-role", "--role-name", name)["Role"]["AssumeRolePolicyDocument"]


def test_kubernetes_faults_fail_requests_until_turned_off(h):
    state = h.control("faults", {"rate": 1.0, "kinds": ["internal"], "seed": 1})
    assert state["rate"] == 1.0
    failed = h.kubectl("get", "namespaces", check=False)
    assert failed.returncode != 0 and "injected by the harness" in failed.stderr
    h.control("faults", {"rate": 1.0, "kinds": ["conflict"]})
    conflict = h.kubectl("create", "namespace", "shop", check=False)
    assert conflict.returncode != 0 and "the object has been modified" in conflict.stderr
    counts = h.control("faults", method="GET")["counts"]
    assert counts["conflict"] == 1  # each configuration starts its own counts
    h.control("faults", {"rate": 0})
    assert h.kubectl("get", "namespaces").returncode == 0


def test_write_log_stale_reads_and_race(h):
    h.aws("iam", "create-role", "--role-name", "orders", "--assume-role-policy-document", json.dumps(TRUST))
    h.faults({"staleReads": 2})
    h.aws("iam", "update-assume-role-policy", "--role-name", "orders", "--policy-document", json.dumps(OTHER))
    assert [trust(h), trust(h), trust(h)] == [TRUST, TRUST, OTHER]  # eventually consistent
    h.aws("iam", "update-assume-role-policy", "--role-name", "orders", "--policy-document", json.dumps(OTHER))
    writes = h.faults({"append": True})["writes"]
    assert [w["action"] for w in writes] == ["CreateRole", "UpdateAssumeRolePolicy", "UpdateAssumeRolePolicy"]
    assert writes[1]["digest"] == writes[2]["digest"] and writes[1]["target"] == "orders"
    added = {"Sid": "Raced", "Effect": "Allow", "Principal": {"Service": "ecs.amazonaws.com"}, "Action": "sts:AssumeRole"}
    h.faults({"staleReads": 0, "race": {"role": "orders", "statement": added}})
    assert trust(h) == OTHER  # the read that the race follows
    assert trust(h)["Statement"] == OTHER["Statement"] + [added]
    h.faults(None, "DELETE")
    assert h.faults({"append": True})["writes"] == []


def test_small_estate_and_inputs_are_deterministic(tmp_path):
    small = estate.write(ESTATE.parent.parent.parent.parent.parent / "examples" / "estate", tmp_path / "estate")
    items = json.loads((small / "kubernetes.json").read_text())["items"]
    assert {i["metadata"]["name"] for i in items if i["kind"] in ("Deployment", "StatefulSet", "CronJob")} == {
        "payments-ledger", "payments-statements", "payments-reconciler", "payments-gateway"}
    roles = json.loads((small / "iam-roles.json").read_text())["Roles"]
    assert {r["Arn"].split(":")[4] for r in roles} == {"111122223333", "444455556666"}
    first = [inputs.mutate_snapshot(small, tmp_path / "a", random.Random(3)) for _ in range(1)]
    again = [inputs.mutate_snapshot(small, tmp_path / "b", random.Random(3)) for _ in range(1)]
    assert first == again
    known_notes = [f"plan: {key} exit 1" for key in known.KNOWN]  # empty once every defect is fixed
    unexpected, expected = known.split(known_notes + ["something new"])
    assert unexpected == ["something new"] and len(expected) == len(known_notes)


def test_hostile_instance_role_maps_carry_workload_entries_and_are_deterministic(tmp_path):
    texts = []
    for name in ("a", "b"):
        rng = random.Random(11)
        for n in range(8):
            inputs.hostile_map(rng, tmp_path / f"{name}-{n}.json")
        texts.append([(tmp_path / f"{name}-{n}.json").read_text() for n in range(8)])
    assert texts[0] == texts[1]
    assert all('"workload"' in text for text in texts[0]), "every map has workload entries"
    assert inputs.INSTANCE_ROLE_ESTATE.joinpath("iam-authorization-details.json").is_file()


def test_a_clear_error_may_follow_progress_lines_but_stands_alone():
    name = ["x.db"]
    progress = "applying 3 add-trust-statements arn:aws:iam::1:role/x\nchecking 9 verify-workload deployment/a/b\n"
    error = "irsa-migrate: state file /t/x.db was deleted while apply ran; check 'irsa-migrate status'\n"
    assert statefile.clear_error(1, progress + error, name) is None
    assert statefile.clear_error(1, error + error, name).startswith("2 lines")
    assert statefile.clear_error(1, "applying 3 not a progress line\n" + error, name).startswith("2 lines")
