"""`moto_server`, patched where moto 5.2.1 refuses what IAM accepts and the tool relies on it.

- Trust policies of `Version: 2008-10-17`: IAM accepts them in CreateRole and
  UpdateAssumeRolePolicy (IAM's trust policy grammar); moto's trust validator demands
  2012-10-17 ("Policy document must be version 2012-10-17 or greater"). Permission
  policies keep moto's check.
- EKS clusters' OIDC issuers: moto draws one random id at import, so every cluster it creates
  has the same issuer; EKS gives each cluster its own (`oidc.eks.REGION.amazonaws.com/id/` and
  32 hex digits), which an issuer move between two clusters (EKS blue/green) depends on.
"""

import sys

import secrets

from moto.eks import models as eks_models
from moto.iam import policy_validation
from moto.server import main


def _either_version(self) -> None:
    assert self._policy_json.get("Version", "2008-10-17") in policy_validation.VALID_VERSIONS


policy_validation.IAMTrustPolicyDocumentValidator._validate_version = _either_version

_cluster_init = eks_models.Cluster.__init__


def _cluster_with_own_issuer(self, *args, **kwargs) -> None:
    _cluster_init(self, *args, **kwargs)
    region = self.arn.split(":")[3]
    self.identity = {"oidc": {"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{secrets.token_hex(16).upper()}"}}


eks_models.Cluster.__init__ = _cluster_with_own_issuer

if __name__ == "__main__":
    main(sys.argv[1:])
