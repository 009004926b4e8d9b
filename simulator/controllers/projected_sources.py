"""The files of a `projected` volume, as the kubelet's projected plugin writes them (pkg/volume/projected).

Each source adds its files to one directory: `serviceAccountToken` a TokenRequest's token for
the pod's account, bound to the pod (the kubelet's token manager asks again once the token is
older than 24 h, so the file changes once a day); `configMap`/`secret` their keys (`items`
choose and rename them); `downwardAPI` the fields' text. `defaultMode` (420) is every file's
mode unless an item sets its own. A source whose object is missing and not `optional` leaves
its files out (the kubelet would keep the pod in ContainerCreating; the simulator's pods start).
"""

from __future__ import annotations

from simulator.apiserver.tokens import bound_token
from simulator.controllers.container_env import pod_field, values_of
from simulator.objects import KubeObject
from simulator.printers.formats import parse_rfc3339
from simulator.registry.kinds import by_kind

TOKEN_REFRESH = 24 * 3600  # token_manager.go requiresRefresh: older than 24 h (or 80 % of its life)


def projected_payload(store, pod: KubeObject, volume: dict, now: float) -> dict[str, tuple[str, int]]:
    """path -> (text, mode) of every source of the volume, in the order the sources are listed."""
    projected = volume.get("projected") or {}
    mode = int(projected.get("defaultMode", 0o644))
    files: dict[str, tuple[str, int]] = {}
    for source in projected.get("sources") or []:
        if not isinstance(source, dict):
            continue
        if isinstance(source.get("serviceAccountToken"), dict):
            token = pod_token(store, pod, source["serviceAccountToken"], now)
            if token is not None:
                files[str(source["serviceAccountToken"].get("path", "token"))] = (token, mode)
        for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
            if isinstance(source.get(key), dict):
                files.update(_object_files(store, pod, kind, source[key], mode))
        if isinstance(source.get("downwardAPI"), dict):
            for item in source["downwardAPI"].get("items") or []:
                if isinstance(item, dict) and "fieldRef" in item:
                    text = pod_field(pod, (item["fieldRef"] or {}).get("fieldPath", ""))
                    files[str(item.get("path", ""))] = (text, int(item.get("mode", mode)))
    return files


def _object_files(store, pod: KubeObject, kind: str, source: dict, mode: int) -> dict[str, tuple[str, int]]:
    obj = store.find(by_kind(kind), pod.namespace, str(source.get("name", "")))
    values = values_of(obj) if obj is not None else {}
    items = source.get("items")
    if items:
        return {str(i.get("path", i.get("key"))): (values[i.get("key")], int(i.get("mode", mode)))
                for i in items if isinstance(i, dict) and i.get("key") in values}
    return {k: (v, mode) for k, v in values.items()}


def pod_token(store, pod: KubeObject, source: dict, now: float) -> str | None:
    """The token the kubelet last asked for: issued when the pod started, again every 24 h."""
    name = str(pod.spec.get("serviceAccountName") or "default")
    account = store.find(by_kind("ServiceAccount"), pod.namespace, name)
    if account is None:
        return None
    return bound_token(pod.namespace, name, account.metadata.uid, pod.name, pod.metadata.uid,
                       token_issued_at(pod, now), int(source.get("expirationSeconds", 3600)))


def token_issued_at(pod: KubeObject, now: float) -> int:
    """When the kubelet last asked for the pod's token: at its start, then every 24 h. The only way
    the time enters a projected volume's files, so the payload is the same until this moves."""
    started = parse_rfc3339(pod.status.get("startTime")) or pod.metadata.creation_timestamp
    return int(started + max(0.0, now - started) // TOKEN_REFRESH * TOKEN_REFRESH)
