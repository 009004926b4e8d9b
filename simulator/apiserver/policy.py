"""The default RBAC objects a 1.23 API server reconciles at start-up (its `rbac/bootstrap-roles` hook).

They are data, `data/bootstrap-policy-v1.23.json`, built by `tools/build_bootstrap_policy.py` from
Kubernetes' own `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/` (k8s.io/kubernetes v1.23.1; the
file's `source` names the copy, its commit and the git blob of each Go file): the ClusterRoles of
`policy.go` and `controller_policy.go` (62 with 1.23's default feature gates), their ClusterRoleBindings,
and the Roles and RoleBindings `namespace_policy.go` puts in kube-system and kube-public.

`admin`, `edit` and `view` are stored with their `aggregationRule` and no rules, as the API server
writes them; the ClusterRole aggregation controller (`controllers/serviceaccounts.py`) fills them.
Not here: what kubespray adds on top (calico's, CoreDNS's, the node webhook's roles: `bootstrap.py`
reads them from `apps/data/kubespray-v2.19.1-rbac.yaml`; metrics-server's come with its add-on).
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

from simulator.objects import KubeObject, ObjectMeta

DATA = Path(__file__).parent / "data" / "bootstrap-policy-v1.23.json"
SECTIONS = ("clusterRoles", "clusterRoleBindings", "roles", "roleBindings")


@lru_cache(maxsize=1)
def bootstrap_policy() -> dict:
    """The data file, read once per process."""
    return json.loads(DATA.read_text())


def _object(doc: dict, created: float) -> KubeObject:
    meta = doc["metadata"]
    body = {key: copy.deepcopy(value) for key, value in doc.items() if key not in ("apiVersion", "kind", "metadata")}
    if body.get("rules", ()) is None:  # an aggregated role: its rules are the controller's to fill
        body["rules"] = []
    return KubeObject(doc["apiVersion"], doc["kind"], ObjectMeta(
        meta["name"], meta.get("namespace"), labels=dict(meta["labels"]), annotations=dict(meta["annotations"]),
        creation_timestamp=created), body)


def default_objects(created: float) -> list[KubeObject]:
    """Every ClusterRole, ClusterRoleBinding, Role and RoleBinding of the bootstrap policy, in that order."""
    policy = bootstrap_policy()
    return [_object(doc, created) for section in SECTIONS for doc in policy[section]]
