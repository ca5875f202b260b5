"""The runbook runner's pure parts: which lines of a runbook are commands, and its trust reading."""

from pathlib import Path

from harness.playbook_checks import issuer_hosts
from harness.runbook import commands

BOOK = """# Title
```sh
irsa-migrate plan issuer-move --state a.db \\
  --from https://a --to https://b
# a comment: what a person does here
X=$(aws eks describe-cluster --name green)
```
Prose with `irsa-migrate apply` inline is not a command.
```json
{"not": "shell"}
```
## If something goes wrong
```sh
irsa-migrate rollback --all --yes
```
"""


def test_commands_join_continuations_and_skip_comments_prose_and_other_blocks():
    assert commands(BOOK) == [
        "irsa-migrate plan issuer-move --state a.db --from https://a --to https://b",
        "X=$(aws eks describe-cluster --name green)",
        "irsa-migrate rollback --all --yes",
    ]
    assert commands(BOOK, stop_at="If something goes wrong") == commands(BOOK)[:2]


def test_every_playbook_has_commands():
    books = sorted((Path(__file__).resolve().parents[3] / "playbooks").glob("*.md"))
    found = {book.name: len(commands(book.read_text())) for book in books if book.name != "README.md"}
    assert found and all(count >= 3 for count in found.values()), found


def test_every_playbook_is_run_by_make_playbooks():
    repository = Path(__file__).resolve().parents[3]
    runner = (repository / "Tests/Harness/harness/playbooks.py").read_text()
    books = [book.name for book in (repository / "playbooks").glob("*.md") if book.name != "README.md"]
    missing = [name for name in books if f'"{name}"' not in runner]
    assert books and not missing, f"runbooks that make playbooks does not run: {missing}"


def test_issuer_hosts_reads_federated_principals_of_object_and_encoded_documents():
    statement = {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/oidc.example.com/id/A"}}
    other = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/kiam-server"}}
    assert issuer_hosts({"Statement": [statement, other]}) == {"oidc.example.com/id/A"}
    encoded = "%7B%22Statement%22%3A%7B%22Principal%22%3A%7B%22Federated%22%3A%5B%22arn%3Aaws%3Aiam%3A%3A1%3Aoidc-provider%2Fx.y%22%5D%7D%7D%7D"
    assert issuer_hosts(encoded) == {"x.y"}
