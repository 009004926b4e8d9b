"""The default ClusterRoles and ClusterRoleBindings a 1.23 API server reconciles at start-up.

From `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go` (v1.23): the user-facing
roles (`cluster-admin`; `admin`, `edit`, `view` filled by aggregation from the
`system:aggregate-to-*` roles), the discovery roles every authenticated (and, for
public-info, anonymous) user is bound to, and the kube-dns role the slides describe. The
controllers' own `system:controller:*` roles and the node/kubelet roles are not served
(nothing in the simulator authenticates as them).
"""

from __future__ import annotations

from simulator.objects import KubeObject, ObjectMeta

GROUP = "rbac.authorization.k8s.io"
BOOTSTRAP_LABELS = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = {"rbac.authorization.kubernetes.io/autoupdate": "true"}
READ = ["get", "list", "watch"]
WRITE = ["create", "delete", "deletecollection", "patch", "update"]
RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


def rule(groups, resources, verbs, names=None) -> dict:
    out = {"verbs": list(verbs), "apiGroups": list(groups), "resources": list(resources)}
    if names:
        out["resourceNames"] = list(names)
    return out


def urls(paths, verbs=("get",)) -> dict:
    return {"verbs": list(verbs), "nonResourceURLs": list(paths)}


AGGREGATE_TO_VIEW = [
    rule([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
                "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
                "services/status"], READ),
    rule([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
                "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], READ),
    rule([""], ["namespaces"], READ),
    rule(["discovery.k8s.io"], ["endpointslices"], READ),
    rule(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                    "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                    "statefulsets/scale", "statefulsets/status"], READ),
    rule(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], READ),
    rule(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
    rule(["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
                          "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale",
                          "replicasets/status", "replicationcontrollers/scale"], READ),
    rule(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], READ),
    rule(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
]
AGGREGATE_TO_EDIT = [
    rule([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], READ),
    rule([""], ["serviceaccounts"], ["impersonate"]),
    rule([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
    rule([""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], WRITE),
    rule(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
                    "replicasets/scale", "statefulsets", "statefulsets/scale"], WRITE),
    rule(["autoscaling"], ["horizontalpodautoscalers"], WRITE),
    rule(["batch"], ["cronjobs", "jobs"], WRITE),
    rule(["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses",
                          "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"], WRITE),
    rule(["policy"], ["poddisruptionbudgets"], WRITE),
    rule(["networking.k8s.io"], ["ingresses", "networkpolicies"], WRITE),
]
AGGREGATE_TO_ADMIN = [
    rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
    rule([GROUP], ["rolebindings", "roles"], RW),
]
DISCOVERY_URLS = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz",
                  "/version", "/version/"]
PUBLIC_INFO_URLS = ["/healthz", "/livez", "/readyz", "/version", "/version/"]


def _aggregated(label: str) -> dict:
    return {"clusterRoleSelectors": [{"matchLabels": {f"{GROUP}/aggregate-to-{label}": "true"}}]}


# name -> (extra labels, rules or None when aggregated, aggregation rule)
CLUSTER_ROLES: dict[str, tuple[dict, list | None, dict | None]] = {
    "admin": ({}, None, _aggregated("admin")),
    "cluster-admin": ({}, [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])], None),
    "edit": ({f"{GROUP}/aggregate-to-admin": "true"}, None, _aggregated("edit")),
    "system:aggregate-to-admin": ({f"{GROUP}/aggregate-to-admin": "true"}, AGGREGATE_TO_ADMIN, None),
    "system:aggregate-to-edit": ({f"{GROUP}/aggregate-to-edit": "true"}, AGGREGATE_TO_EDIT, None),
    "system:aggregate-to-view": ({f"{GROUP}/aggregate-to-view": "true"}, AGGREGATE_TO_VIEW, None),
    "system:auth-delegator": ({}, [rule(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
                                   rule(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"])], None),
    "system:basic-user": ({}, [rule(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                                    ["create"])], None),
    "system:discovery": ({}, [urls(DISCOVERY_URLS)], None),
    "system:kube-dns": ({}, [rule([""], ["endpoints", "services"], ["list", "watch"])], None),
    "system:public-info-viewer": ({}, [urls(PUBLIC_INFO_URLS)], None),
    "view": ({f"{GROUP}/aggregate-to-edit": "true"}, None, _aggregated("view")),
}
# name -> (role, subjects)
CLUSTER_ROLE_BINDINGS: dict[str, tuple[str, list[dict]]] = {
    "cluster-admin": ("cluster-admin", [{"apiGroup": GROUP, "kind": "Group", "name": "system:masters"}]),
    "system:basic-user": ("system:basic-user", [{"apiGroup": GROUP, "kind": "Group", "name": "system:authenticated"}]),
    "system:discovery": ("system:discovery", [{"apiGroup": GROUP, "kind": "Group", "name": "system:authenticated"}]),
    "system:kube-dns": ("system:kube-dns", [{"kind": "ServiceAccount", "name": "kube-dns", "namespace": "kube-system"}]),
    "system:public-info-viewer": ("system:public-info-viewer",
                                  [{"apiGroup": GROUP, "kind": "Group", "name": "system:authenticated"},
                                   {"apiGroup": GROUP, "kind": "Group", "name": "system:unauthenticated"}]),
}


def default_objects(created: float) -> list[KubeObject]:
    """The ClusterRoles (aggregated ones with their rules filled, as the controller leaves them) and bindings."""
    objects = []
    for name, (labels, rules, aggregation) in CLUSTER_ROLES.items():
        body = {"aggregationRule": aggregation} if aggregation else {}
        body["rules"] = rules if rules is not None else []
        meta = ObjectMeta(name, None, labels={**BOOTSTRAP_LABELS, **labels}, annotations=dict(AUTOUPDATE),
                          creation_timestamp=created)
        objects.append(KubeObject(f"{GROUP}/v1", "ClusterRole", meta, body))
    for name, (role, subjects) in CLUSTER_ROLE_BINDINGS.items():
        meta = ObjectMeta(name, None, labels=dict(BOOTSTRAP_LABELS), annotations=dict(AUTOUPDATE),
                          creation_timestamp=created)
        objects.append(KubeObject(f"{GROUP}/v1", "ClusterRoleBinding", meta,
                                  {"roleRef": {"apiGroup": GROUP, "kind": "ClusterRole", "name": role},
                                   "subjects": subjects}))
    return objects
