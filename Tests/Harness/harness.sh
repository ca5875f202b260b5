#!/bin/sh
# Run the harness launcher with the project's Python: `Tests/Harness/harness.sh up --state-dir DIR`.
# Python: $HARNESS_PYTHON, else the repository's .venv, else python3 (which then needs the
# packages of requirements.txt).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${HARNESS_PYTHON:-}
if [ -z "$python" ]; then
  if [ -x "$here/../../.venv/bin/python" ]; then python="$here/../../.venv/bin/python"; else python=python3; fi
fi
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m harness "$@"
