"""Print shell exports for the demo from a harness state directory's env.json.

    eval "$(python Tests/Harness/demo_env.py STATE_DIR)"

The emulated accounts are reached as two profiles, `prod` (111122223333) and `data`
(444455556666): the fault proxy maps a 12-digit access key id to that moto account.
"""
import json
import shlex
import sys
from pathlib import Path

state = Path(sys.argv[1]).resolve()
doc = json.loads((state / "env.json").read_text())
credentials = state / "credentials"
credentials.write_text(
    "[prod]\naws_access_key_id = 111122223333\naws_secret_access_key = testing\n"
    "[data]\naws_access_key_id = 444455556666\naws_secret_access_key = testing\n")
# An empty config file of our own rather than /dev/null: the CLI refuses to parse /dev/null
# when something on the machine has replaced the device with a regular file that has content.
config = state / "config"
config.write_text("")
env = dict(doc["env"], AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=str(credentials), AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY="",
           DEMO_AWS=doc["tools"]["aws"])
for key, value in env.items():
    print(f"export {key}={shlex.quote(value)}")
