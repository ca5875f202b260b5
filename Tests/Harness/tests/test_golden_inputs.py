"""The golden cases' inputs and READMEs are generated: the checked-in files must be what the
generator writes, or a hand edit has drifted from it (and is lost at the next regeneration)."""

import filecmp
import os
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
GENERATED = ("input", "args", "README.md")


def _differences(left, right):
    comparison = filecmp.dircmp(left, right)
    found = [os.path.join(right, name) for name in comparison.diff_files + comparison.left_only + comparison.right_only]
    for name in comparison.common_dirs:
        found += _differences(os.path.join(left, name), os.path.join(right, name))
    return found


def test_checked_in_golden_inputs_are_what_the_generator_writes(tmp_path):
    generator = os.path.join(REPO, "Tests", "Fixtures", "generate_golden_inputs.py")
    subprocess.run([sys.executable, generator, "--root", str(tmp_path)], check=True, capture_output=True)
    written = tmp_path / "Tests" / "Golden"
    drift = []
    for kind in sorted(os.listdir(written)):
        for case in sorted(os.listdir(written / kind)):
            for name in GENERATED:
                fresh, kept = str(written / kind / case / name), os.path.join(REPO, "Tests", "Golden", kind, case, name)
                if os.path.isdir(fresh):
                    drift += _differences(fresh, kept) if os.path.isdir(kept) else [kept]
                elif not os.path.exists(kept) or not filecmp.cmp(fresh, kept, shallow=False):
                    drift.append(kept)
    assert drift == [], "edit Tests/Fixtures/generate_golden_inputs.py, not these files: %s" % drift
