"""The ServiceAccount admission plugin of v1.23 (plugin/pkg/admission/serviceaccount/admission.go).

On a pod's create, before LimitRanger's checks and quota:
- a mirror pod is left alone (it may not name a ServiceAccount);
- `spec.serviceAccountName` defaults to `default` (the API's defaulting then copies it into the
  deprecated `spec.serviceAccount`), and the account must exist, else
  `pods "x" is forbidden: error looking up service account <ns>/<sa>: serviceaccount "<sa>" not found`;
  `default` is looked up ten times (`getServiceAccount`, 100-200 ms apart) because the
  ServiceAccounts controller creates it in every namespace within that time, so a pod created
  with its namespace (one `kubectl apply -f`) is admitted: here, while the namespace is not
  terminating, a missing `default` counts as the account the controller is about to create;
- unless `automountServiceAccountToken: false` on the pod, or on the account when the pod
  leaves it unset (`shouldAutomount`), every init container and container without a mount
  at /var/run/secrets/kubernetes.io/serviceaccount gets a read-only one, from a projected
  volume `kube-api-access-<5 chars>` (`TokenVolumeSource`: the token for 3607 s, the
  `kube-root-ca.crt` ConfigMap's `ca.crt`, the namespace from the downward API; defaultMode
  420, #104464), unless the pod already has a `kube-api-access-` volume;
- a pod without `imagePullSecrets` takes the account's.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.errors import forbidden
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind

APIStore = Any  # the registry's store, which calls in here

DEFAULT_ACCOUNT = "default"
MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
VOLUME_PREFIX = "kube-api-access-"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
# serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1 h + 7 s, the marker the API server extends to a year
TOKEN_EXPIRATION_SECONDS = 3607
ROOT_CA_CONFIGMAP = "kube-root-ca.crt"


def token_volume_source() -> dict:
    """`TokenVolumeSource()`, as `kubectl get pod -o yaml` prints it."""
    return {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": TOKEN_EXPIRATION_SECONDS, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": ROOT_CA_CONFIGMAP}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                    "path": "namespace"}]}},
    ]}


def admit_pod(store: APIStore, pod: KubeObject) -> None:
    if MIRROR_ANNOTATION in pod.metadata.annotations:
        if pod.spec.get("serviceAccountName"):
            raise forbidden("pods", pod.name, "a mirror pod may not reference service accounts")
        return
    spec = pod.spec
    name = str(spec.get("serviceAccountName") or spec.get("serviceAccount") or DEFAULT_ACCOUNT)
    spec["serviceAccountName"] = name
    spec["serviceAccount"] = name  # the v1 defaulting's copy into the deprecated field
    account = store.find(by_kind("ServiceAccount"), pod.namespace, name)
    if account is None and name == DEFAULT_ACCOUNT and _namespace_active(store, pod.namespace):
        account = KubeObject("v1", "ServiceAccount", ObjectMeta(name, pod.namespace), {})
    if account is None:
        raise forbidden("pods", pod.name, f"error looking up service account {pod.namespace}/{name}: "
                                          f'serviceaccount "{name}" not found')
    if should_automount(account, spec):
        mount_token(store, spec)
    if not spec.get("imagePullSecrets") and account.body.get("imagePullSecrets"):
        spec["imagePullSecrets"] = copy.deepcopy(account.body["imagePullSecrets"])


def _namespace_active(store: APIStore, namespace: str) -> bool:
    found = store.find(by_kind("Namespace"), None, namespace)
    return found is not None and (found.status or {}).get("phase") != "Terminating"


def should_automount(account: KubeObject, spec: dict) -> bool:
    """The pod's setting wins; else the account's; else true."""
    if spec.get("automountServiceAccountToken") is not None:
        return bool(spec["automountServiceAccountToken"])
    if account.body.get("automountServiceAccountToken") is not None:
        return bool(account.body["automountServiceAccountToken"])
    return True


def mount_token(store: APIStore, spec: dict) -> None:
    """`mountServiceAccountToken`: init containers first, then containers, as admission.go walks them."""
    volumes = spec.get("volumes") or []
    existing = next((v.get("name") for v in volumes
                     if isinstance(v, dict) and str(v.get("name", "")).startswith(VOLUME_PREFIX)), None)
    volume_name = existing or store.generate_name(VOLUME_PREFIX, volume=True)
    needs_volume = False
    for key in ("initContainers", "containers"):
        for container in spec.get(key) or []:
            if not isinstance(container, dict):
                continue
            mounts = container.get("volumeMounts") or []
            if any(isinstance(m, dict) and m.get("mountPath") == MOUNT_PATH for m in mounts):
                continue
            container["volumeMounts"] = [*mounts, {"mountPath": MOUNT_PATH, "name": volume_name, "readOnly": True}]
            needs_volume = True
    if existing is None and needs_volume:
        spec["volumes"] = [*volumes, {"name": volume_name, "projected": token_volume_source()}]
