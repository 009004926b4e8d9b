"""The kubelet: give scheduled pods an IP, pull images, start containers, report readiness.

Images in the simulated registry pull at once (they are cached on every node);
an unknown image fails with ErrImagePull, then ImagePullBackOff. A container
whose process exits is restarted per restartPolicy and shows CrashLoopBackOff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.apps.images import container_run, find_image
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.cluster import Cluster

PODS = by_kind("Pod")
BACKOFF_AFTER = 10.0  # seconds of ErrImagePull before the kubelet reports ImagePullBackOff


def reconcile(cluster: "Cluster") -> None:
    """Sync pods that changed since the last sync, or whose state can change with time or files."""
    synced = cluster.kubelet_synced
    time_sensitive = False
    for pod in cluster.store.list(PODS):
        if not pod.spec.get("nodeName"):
            continue
        watch = needs_watching(pod)
        time_sensitive = time_sensitive or watch
        if watch or synced.get(pod.metadata.uid) != pod.metadata.resource_version:
            sync_pod(cluster, pod)
            synced[pod.metadata.uid] = pod.metadata.resource_version
    cluster.kubelet_time_sensitive = time_sensitive


def needs_watching(pod: KubeObject) -> bool:
    """A probe or a waiting container can change state without any API write."""
    if any(c.get("readinessProbe") for c in pod.spec.get("containers") or []):
        return True
    return any("waiting" in s.get("state", {}) and s["state"]["waiting"].get("reason") == "ErrImagePull"
               for s in pod.status.get("containerStatuses") or [])


def sync_pod(cluster: "Cluster", pod: KubeObject) -> None:
    if not pod.status.get("podIP"):
        if not assign_ip(cluster, pod):
            return
        cluster.store.update(pod, validate=False)
    status = dict(pod.status)
    statuses = [container_status(cluster, pod, c) for c in pod.spec.get("containers") or []]
    status["containerStatuses"] = statuses
    all_ready = all(s["ready"] for s in statuses)
    finished = all("terminated" in s["state"] for s in statuses)
    if finished:
        failed = any(s["state"]["terminated"]["exitCode"] for s in statuses)
        status["phase"] = "Failed" if failed else "Succeeded"
    else:
        status["phase"] = "Running" if any("running" in s["state"] for s in statuses) else "Pending"
    status["conditions"] = pod_conditions(cluster, pod, all_ready)
    if status != pod.status:
        pod.body["status"] = status
        cluster.store.update(pod, validate=False)


def assign_ip(cluster: "Cluster", pod: KubeObject) -> bool:
    node_name = pod.spec["nodeName"]
    node_ip = cluster.node_ip(node_name)
    if pod.spec.get("hostNetwork"):
        ip = node_ip
    else:
        ip = cluster.pod_ipam[node_name].allocate()
        if ip is None:
            return False
    pod.status.update({
        "hostIP": node_ip,
        "podIP": ip,
        "podIPs": [{"ip": ip}],
        "startTime": cluster.rfc3339_now(),
    })
    return True


def container_status(cluster: "Cluster", pod: KubeObject, container: dict) -> dict:
    name, image_name = container.get("name"), str(container.get("image") or "")
    previous = next((s for s in pod.status.get("containerStatuses") or [] if s.get("name") == name), None)
    image = find_image(image_name)
    status = {"image": image_name, "imageID": "", "lastState": {}, "name": name, "ready": False,
              "restartCount": 0, "started": False}
    if previous:
        status["restartCount"] = previous.get("restartCount", 0)
        status["lastState"] = previous.get("lastState", {})
    if image is None:
        waited = cluster.clock.now() - pod.metadata.creation_timestamp
        reason = "ImagePullBackOff" if waited >= BACKOFF_AFTER else "ErrImagePull"
        message = (f'Back-off pulling image "{image_name}"' if reason == "ImagePullBackOff" else
                   f'rpc error: code = NotFound desc = failed to pull and unpack image "{image_name}": '
                   f'failed to resolve reference "{image_name}": not found')
        if not previous or previous["state"].get("waiting", {}).get("reason") != reason:
            cluster.record_pull_failure(pod, image_name, reason)
        status["state"] = {"waiting": {"message": message, "reason": reason}}
        return status
    if previous and "running" in previous["state"]:
        return {**previous, "ready": cluster.readiness(pod, container)}
    status["imageID"] = f"docker.io/{image.repository}@{image.digest}" if image.digest else ""
    status["containerID"] = "containerd://" + cluster.random("container-ids").getrandbits(256).to_bytes(32, "big").hex()
    run = container_run(image, container)
    if not run.long_running:
        return exited_status(cluster, pod, status, run.exit_code, previous)
    status["started"] = True
    status["state"] = {"running": {"startedAt": cluster.rfc3339_now()}}
    status["ready"] = cluster.readiness(pod, container)
    cluster.record_container_started(pod, container, image_name, first=previous is None)
    return status


def exited_status(cluster: "Cluster", pod: KubeObject, status: dict, exit_code: int, previous: dict | None) -> dict:
    reason = "Completed" if exit_code == 0 else "Error"
    terminated = {"containerID": status["containerID"], "exitCode": exit_code, "finishedAt": cluster.rfc3339_now(),
                  "reason": reason, "startedAt": cluster.rfc3339_now()}
    if pod.spec.get("restartPolicy") == "Never" or (pod.spec.get("restartPolicy") == "OnFailure" and exit_code == 0):
        status["state"] = {"terminated": terminated}
        return status
    if previous and previous["state"].get("waiting", {}).get("reason") == "CrashLoopBackOff":
        return previous
    status["restartCount"] = (previous or {}).get("restartCount", 0) + 1
    status["lastState"] = {"terminated": terminated}
    status["state"] = {"waiting": {"message": f"back-off 10s restarting failed container={status['name']} pod={pod.name}_{pod.namespace}({pod.metadata.uid})",
                                   "reason": "CrashLoopBackOff"}}
    cluster.events.record(pod.namespace, "Pod", pod.name, "Warning", "BackOff", "Back-off restarting failed container",
                          "kubelet", cluster.clock.now())
    return status


def pod_conditions(cluster: "Cluster", pod: KubeObject, ready: bool) -> list[dict]:
    old = {c["type"]: c for c in pod.status.get("conditions") or []}
    now = cluster.rfc3339_now()

    def condition(kind: str, value: bool, reason: str | None = None) -> dict:
        status = "True" if value else "False"
        previous = old.get(kind)
        since = previous["lastTransitionTime"] if previous and previous["status"] == status else now
        result = {"lastProbeTime": None, "lastTransitionTime": since, "status": status, "type": kind}
        if not value and reason:
            result["reason"] = reason
        return result

    return [
        condition("Initialized", True),
        condition("Ready", ready, "ContainersNotReady"),
        condition("ContainersReady", ready, "ContainersNotReady"),
        condition("PodScheduled", True),
    ]
