"""Whether the kubelet can set up a pod's configMap and secret volumes before it makes the sandbox.

The kubelet's volume manager mounts every volume before the pod's sandbox is created
(kubelet.go syncPod, `WaitForAttachAndMount`), so a volume whose ConfigMap or Secret does not
exist in the pod's namespace keeps the pod `ContainerCreating` with no address, and each retry
records a `FailedMount` event with the operation executor's text (operation_generator.go:
`MountVolume.SetUp failed for volume "NAME" : ` and the plugin's error):
- pkg/volume/configmap/configmap.go SetUpAt: `configmap "x" not found` (the API's NotFound);
  MakePayload: `configmap references non-existent config key: KEY` for an `items` key;
- pkg/volume/secret/secret.go: `secret "x" not found`; `references non-existent secret key: KEY`.
`optional: true` mounts what there is (an empty directory when the object is missing).

Each message is told once (kubelet.volumes_mounted): the real kubelet's retries back off from
500 ms to 2 m 2 s and count on the event. Not simulated yet: the volume manager's own 2-minute
`Unable to attach or mount volumes` event.
"""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

SOURCES = (("configMap", "ConfigMap", "name", "configmap", "configmap references non-existent config key: "),
           ("secret", "Secret", "secretName", "secret", "references non-existent secret key: "))


def mount_failures(store, pod: KubeObject) -> list[str]:
    """The FailedMount message of each volume the kubelet cannot set up now, in the pod's order."""
    failures = []
    for volume in pod.spec.get("volumes") or []:
        error = setup_error(store, pod.namespace, volume)
        if error:
            failures.append(f'MountVolume.SetUp failed for volume "{volume.get("name", "")}" : {error}')
    return failures


def setup_error(store, namespace: str, volume: dict) -> str:
    """The volume plugin's error for this volume, '' when it mounts."""
    for field, kind, name_field, noun, missing_key in SOURCES:
        source = volume.get(field)
        if source is None:
            continue
        name = str(source.get(name_field) or "")
        obj = store.find(by_kind(kind), namespace, name)
        optional = bool(source.get("optional"))
        if obj is None:
            return "" if optional else f'{noun} "{name}" not found'
        keys = set(obj.body.get("data") or {}) | set(obj.body.get("binaryData") or {})
        for item in source.get("items") or []:
            if item.get("key") not in keys and not optional:
                return missing_key + str(item.get("key"))
    return ""
