"""Print a plan document's step counts per phase and its findings by severity (the demos).

    python Tests/Harness/demo_counts.py PLAN.json
"""
import collections
import json
import sys

plan = json.load(open(sys.argv[1]))
phases = collections.Counter(step["phase"] for step in plan["steps"])
actions = collections.Counter(step["action"] for step in plan["steps"])
findings = collections.Counter(finding["severity"] for finding in plan["findings"])
print(f'plan {plan["plan"]["id"]}: {len(plan["steps"])} steps ('
      + ", ".join(f"{phase} {phases[phase]}" for phase in ("prepare", "cutover", "verify", "cleanup") if phases[phase])
      + ")")
print("  actions: " + ", ".join(f"{action} {count}" for action, count in sorted(actions.items())))
print("  findings: " + (", ".join(f"{severity} {count}" for severity, count in sorted(findings.items())) or "none"))
for finding in plan["findings"]:
    print(f'  {finding["severity"]} {finding["code"]}: {finding["subject"]}')
