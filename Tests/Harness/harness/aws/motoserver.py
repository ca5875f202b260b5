"""`moto_server`, patched where moto 5.2.1 refuses what IAM accepts and the tool relies on it.

- Trust policies of `Version: 2008-10-17`: IAM accepts them in CreateRole and
  UpdateAssumeRolePolicy (IAM's trust policy grammar); moto's trust validator demands
  2012-10-17 ("Policy document must be version 2012-10-17 or greater"). Permission
  policies keep moto's check.
"""

import sys

from moto.iam import policy_validation
from moto.server import main


def _either_version(self) -> None:
    assert self._policy_json.get("Version", "2008-10-17") in policy_validation.VALID_VERSIONS


policy_validation.IAMTrustPolicyDocumentValidator._validate_version = _either_version

if __name__ == "__main__":
    main(sys.argv[1:])
