"""The kubelet: give scheduled pods an IP, pull images, start containers, report readiness.

A scheduled pod is ContainerCreating while its sandbox is made and its images are made sure of
(`pod_start`: the durations the course's transcripts show, `already present on machine` or a
pull); an unknown image fails with ErrImagePull, then ImagePullBackOff between the kubelet's
retries (`image_backoff`: 10 s doubling to 300 s, events counted). A container
whose process exits is restarted per restartPolicy and shows CrashLoopBackOff.
A batch process (pi, a die, `sleep 5`) runs for its time on the simulated clock and
then terminates with its exit code; the machines keep it and what it printed, and the
kubelet wakes when the first of them is due.
"""

from __future__ import annotations

from simulator.apps import certgen, git_sync
from simulator.apps.images import container_run, find_image
from simulator.apps.usage import over_memory_limit
from simulator.controllers.container_env import ContainerConfigError, command_output, container_environment
from simulator.clock import rfc3339
from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.image_pull import pull_error
from simulator.controllers.probes import probe_ready
from simulator.controllers import container_restart, image_backoff, kubelet_admission, pod_start, pod_stop, volume_mounts
from simulator.controllers.pod_start import go_duration
from simulator.controllers.projected_volumes import VolumeSync
from simulator.controllers.volume_setup import mount_failures
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

PODS = by_kind("Pod")


class Kubelet(Controller):
    """Every node's kubelet at once; it remembers which pod versions it synced."""

    watches = ("pods",)

    def __init__(self) -> None:
        self.synced: dict[str, int] = {}  # pod uid -> resourceVersion last synced
        self.running: dict[str, KubeObject] = {}  # pod uid -> the pod as last synced, while it has containers
        self.time_sensitive = False  # a pod can change with time alone (a probe, an image pull)
        self.files_seen = -1  # `machines.files_revision` at the last sync
        self.volume_sync = VolumeSync()  # when each pod's configMap/secret/downwardAPI files are next rewritten

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        """Time passing or files written in a container move pods without any API write."""
        exit_at = ctx.machines.next_process_exit()
        resync = self.volume_sync.stale_wake(ctx, ctx.store.list(PODS))
        restart_at = min(container_restart.next_restarts(ctx.machines) + pod_stop.next_wakes(ctx.machines), default=None)
        return (self.time_sensitive or ctx.machines.files_revision != self.files_seen
                or (exit_at is not None and exit_at <= ctx.clock.now())
                or (restart_at is not None and restart_at <= ctx.clock.now())
                or (resync is not None and resync <= ctx.clock.now()))

    def next_wake(self, ctx: ControllerContext) -> float | None:
        """When the next batch process exits, or a failed pull's pod is synced again."""
        now = ctx.clock.now()
        wakes = [exit_at for exit_at, _, _ in ctx.machines.processes.values()]
        wakes += image_backoff.next_syncs(ctx.machines)  # a failed pull's next sync: back-off or another pull
        wakes += pod_start.next_wakes(ctx.machines)  # a starting pod's next image step, or its containers
        wakes += container_restart.next_restarts(ctx.machines)  # an exit seen at the relist, or a back-off's end
        wakes += pod_stop.next_wakes(ctx.machines)  # a deleted pod's containers found stopped
        wakes += [wake for wake in (self.volume_sync.stale_wake(ctx, ctx.store.list(PODS)),) if wake is not None]
        return min((wake for wake in wakes if wake > now), default=None)

    def reconcile(self, ctx: ControllerContext) -> None:
        """Sync pods that changed since the last sync, or whose state can change with time or files."""
        self.files_seen = ctx.machines.files_revision
        time_sensitive = False
        pods = ctx.store.list(PODS)
        self.stop_deleted(ctx, {pod.metadata.uid for pod in pods})
        self.volume_sync.keep_only(ctx.machines, {pod.metadata.uid for pod in pods})
        terminating = []
        for pod in pods:
            if not pod.spec.get("nodeName"):
                continue
            if pod.metadata.deletion_timestamp is not None:
                terminating.append(pod)
                continue
            watch = needs_watching(pod)
            time_sensitive = time_sensitive or watch
            if watch or self.synced.get(pod.metadata.uid) != pod.metadata.resource_version or exits_now(ctx, pod) \
                    or container_restart.due(ctx.machines, pod.metadata.uid, ctx.clock.now()):
                sync_pod(ctx, pod)
                self.synced[pod.metadata.uid] = pod.metadata.resource_version
                self.running[pod.metadata.uid] = pod
        for pod in ctx.store.list(PODS):  # a started pod's volume files, written once, then at each resync
            if pod.spec.get("nodeName") and pod.metadata.deletion_timestamp is None:
                self.volume_sync.sync(ctx, pod)
        for pod in terminating:  # after the live pods: stopping takes longer than starting
            self.running.pop(pod.metadata.uid, None)
            self.synced.pop(pod.metadata.uid, None)
            stop_pod(ctx, pod)
        self.time_sensitive = time_sensitive

    def stop_deleted(self, ctx: ControllerContext, present: set[str]) -> None:
        """A deleted pod's containers are killed: the kubelet's `Killing` event for each one that ran
        (`kuberuntime_container.go killContainer`: "Stopping container NAME")."""
        image_backoff.keep_only(ctx.machines, present)  # a pod that never started has back-off to forget too
        git_sync.forget(ctx.machines, present)
        pod_start.keep_only(ctx.machines, present)
        container_restart.keep_only(ctx.machines, present)
        pod_stop.keep_only(ctx.machines, present)
        for uid in [uid for uid in self.running if uid not in present]:
            pod = self.running.pop(uid)
            self.synced.pop(uid, None)
            ctx.machines.forget_pod(uid)
            for status in pod.status.get("containerStatuses") or []:
                if "running" in (status.get("state") or {}):
                    ctx.record(pod, "Normal", "Killing", f"Stopping container {status.get('name')}", "kubelet")


def stop_pod(ctx: ControllerContext, pod: KubeObject) -> None:
    """A pod being deleted: once its containers stopped (`pod_stop`: SIGTERM, SIGKILL at the end of the grace
    period), report them terminated and the pod not ready (`0/1 Terminating`), then, a moment later, finish
    the deletion with grace 0 (`status_manager.go`), which removes the pod from the API."""
    done, killed = pod_stop.stopped(ctx, pod)
    if not done:
        return
    if pod_stop.reported(ctx, pod):
        if pod_stop.removable(ctx, pod):
            ctx.store.delete(PODS, pod.namespace, pod.name, grace=0)
        return
    now = ctx.now_rfc3339()
    statuses = []
    for status in pod.status.get("containerStatuses") or []:
        state = status.get("state") or {}
        if "running" in state:
            code, reason = (137, "Error") if killed else (0, "Completed")
            terminated = {"containerID": status.get("containerID"), "exitCode": code, "finishedAt": now,
                          "reason": reason, "startedAt": state["running"].get("startedAt")}
            status = {**status, "ready": False, "started": False, "state": {"terminated": terminated}}
        statuses.append(status)
    stopped = {**pod.status, "containerStatuses": statuses, "conditions": pod_conditions(ctx, pod, False)}
    if stopped != pod.status:
        ctx.store.update(pod.with_status(stopped))


def needs_watching(pod: KubeObject) -> bool:
    """A probe or a waiting container can change state without any API write."""
    if any(c.get("readinessProbe") for c in pod.spec.get("containers") or []):
        return True
    return any("waiting" in s.get("state", {})
               and s["state"]["waiting"].get("reason") in ("ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError",
                                                           "ContainerCreating")
               for s in pod.status.get("containerStatuses") or [])


def exits_now(ctx: ControllerContext, pod: KubeObject) -> bool:
    """A process of this pod is due to exit."""
    now = ctx.clock.now()
    return any(ctx.machines.processes.get((pod.metadata.uid, c.get("name")), (now + 1,))[0] <= now
               for c in pod.spec.get("containers") or [])


def sync_pod(ctx: ControllerContext, pod: KubeObject) -> None:
    stored = pod
    if kubelet_admission.rejected(pod) or (kubelet_admission.first_sync(pod) and not kubelet_admission.admit(ctx, pod)):
        return  # refused by the node's kubelet (OutOfcpu, ...): never started
    if not pod.status.get("podIP"):
        if not pod.status.get("containerStatuses"):  # the pod's sandbox is being made: ContainerCreating
            stored = pod = ctx.store.update(pod.with_status(creating_status(ctx, pod)))
        if not volumes_mounted(ctx, pod):
            return  # WaitForAttachAndMount comes before the sandbox: no address until the volumes mount
        if not pod_start.started(ctx, pod):
            return  # the sandbox is being made, or an image pulled: still ContainerCreating, no address
        addresses = assign_ip(ctx, pod)
        if addresses is None:
            return
        pod = pod.with_status({**pod.status, **addresses})  # written with the containers' states below
        ctx.machines.prepare_volumes(pod, ctx.clock.now())
        volume_mounts.prepare(ctx.store, ctx.machines, pod, ctx.clock.now())
    status = dict(pod.status)
    statuses = [container_status(ctx, pod, c) for c in pod.spec.get("containers") or []]
    status["containerStatuses"] = statuses
    all_ready = all(s["ready"] for s in statuses)
    status["phase"] = pod_phase(pod, statuses)
    status["conditions"] = pod_conditions(ctx, pod, all_ready)
    if status != stored.status:
        ctx.store.update(stored.with_status(status))


def volumes_mounted(ctx: ControllerContext, pod: KubeObject) -> bool:
    """Whether every volume mounts; if not, the kubelet's FailedMount event (told once per message: the
    real kubelet retries with a back-off up to about two minutes, and repeats count on the event)."""
    failures = [f for f in (volume_mounts.mount_failure(ctx.store, ctx.machines, pod),) if f is not None]
    failures += mount_failures(ctx.store, pod)  # a configMap or secret volume whose object or key is missing
    if not failures:
        return True
    told = {e.message for e in ctx.events.for_object(pod.namespace, "Pod", pod.name) if e.reason == "FailedMount"}
    for failure in failures:
        if failure not in told:
            ctx.record(pod, "Warning", "FailedMount", failure, "kubelet")
    return False


def creating_status(ctx: ControllerContext, pod: KubeObject) -> dict:
    """The kubelet's first status of a pod it admitted: phase Pending, the node's address and the start
    time, every container waiting in `ContainerCreating` while the sandbox and its address are made."""
    waiting = [{"image": str(c.get("image") or ""), "imageID": "", "lastState": {}, "name": c.get("name"),
                "ready": False, "restartCount": 0, "started": False,
                "state": {"waiting": {"reason": "ContainerCreating"}}} for c in pod.spec.get("containers") or []]
    return {**pod.status, "phase": "Pending", "hostIP": ctx.machines.node_ip(pod.spec["nodeName"]),
            "startTime": ctx.now_rfc3339(), "containerStatuses": waiting,
            "conditions": pod_conditions(ctx, pod, False)}


def assign_ip(ctx: ControllerContext, pod: KubeObject) -> dict | None:
    """The status fields of a pod given its address, or None when its node's block is full."""
    node_name = pod.spec["nodeName"]
    node_ip = ctx.machines.node_ip(node_name)
    if pod.spec.get("hostNetwork"):
        ip = node_ip
    else:
        ip = ctx.machines.pod_ipam[node_name].allocate()
        if ip is None:
            return None
    return {"hostIP": node_ip, "podIP": ip, "podIPs": [{"ip": ip}], "startTime": ctx.now_rfc3339()}


def container_status(ctx: ControllerContext, pod: KubeObject, container: dict) -> dict:
    name, image_name = container.get("name"), str(container.get("image") or "")
    previous = next((s for s in pod.status.get("containerStatuses") or [] if s.get("name") == name), None)
    image = find_image(image_name)
    status = {"image": image_name, "imageID": "", "lastState": {}, "name": name, "ready": False,
              "restartCount": 0, "started": False}
    if previous:
        status["restartCount"] = previous.get("restartCount", 0)
        status["lastState"] = previous.get("lastState", {})
    failure = None if previous and "running" in previous["state"] else pull_error(ctx.store, pod, image_name, image)
    if failure is not None:
        status["state"] = {"waiting": image_backoff.waiting(ctx, pod, name, image_name, failure)}
        return status
    key = (pod.metadata.uid, name)
    if previous and "running" in previous["state"]:
        process = ctx.machines.processes.get(key)
        if process is None or process[0] > ctx.clock.now():
            return {**previous, "ready": probe_ready(ctx, pod, container)}
        del ctx.machines.processes[key]
        exit_at, exit_code, printed = process
        log = f"{pod.metadata.uid}/{name}"
        ctx.machines.container_logs[log] = ctx.machines.container_logs.get(log, "") + printed
        ended = {**previous, "ready": False, "started": False}
        return exited_status(ctx, pod, ended, exit_code, started_at=previous["state"]["running"]["startedAt"],
                             finished_at=exit_at)
    if previous and ("terminated" in previous["state"] or crash_looping(previous)):
        return restart_or_back_off(ctx, pod, container, previous)
    return start_container(ctx, pod, container, status, previous)


def crash_looping(status: dict) -> bool:
    return (status.get("state") or {}).get("waiting", {}).get("reason") == "CrashLoopBackOff"


def restart_or_back_off(ctx: ControllerContext, pod: KubeObject, container: dict, previous: dict) -> dict:
    """An exited container: left exited if its restartPolicy says so, else started again or kept waiting
    in CrashLoopBackOff as the kubelet's back-off says (`container_restart`)."""
    name = container.get("name")
    key = f"{pod.metadata.uid}/{name}"
    if "terminated" in previous["state"] and not container_restart.restarts(pod, previous["state"]["terminated"]["exitCode"]):
        return {**previous, "lastState": {}} if container_restart.collected(ctx.machines, key, ctx.clock.now()) else previous
    decision = container_restart.decide(ctx.machines, key, ctx.clock.now())
    last = previous["state"]["terminated"] if "terminated" in previous["state"] else previous["lastState"]["terminated"]
    if decision == "wait":
        return previous
    if decision == "restart":
        restarted = {**previous, "ready": False, "started": False, "lastState": {"terminated": last},
                     "restartCount": previous.get("restartCount", 0) + 1}
        return start_container(ctx, pod, container, restarted, previous)
    if crash_looping(previous) and previous["state"]["waiting"]["message"].startswith(f"back-off {go_duration(decision)} "):
        return previous
    ctx.record(pod, "Warning", "BackOff", "Back-off restarting failed container", "kubelet")
    return {**previous, "ready": False, "started": False, "lastState": {"terminated": last},
            "state": {"waiting": container_restart.waiting(pod, name, decision)}}


def start_container(ctx: ControllerContext, pod: KubeObject, container: dict, status: dict, previous: dict | None) -> dict:
    """Create and start the container: its environment, its process, and what the process does first."""
    name, image_name = container.get("name"), str(container.get("image") or "")
    image = find_image(image_name)
    try:
        environment = container_environment(ctx.store, pod, container, node_allocatable(ctx, pod))
    except ContainerConfigError as error:
        if not previous or previous["state"].get("waiting", {}).get("message") != str(error):
            ctx.record(pod, "Warning", "Failed", f"Error: {error}", "kubelet")
        return {**status, "state": {"waiting": {"message": str(error), "reason": "CreateContainerConfigError"}}}
    status = dict(status)
    ctx.machines.container_env[f"{pod.metadata.uid}/{name}"] = environment
    ctx.machines.container_logs[f"{pod.metadata.uid}/{name}"] = command_output(container, environment)
    status["imageID"] = f"docker.io/{image.repository}@{image.digest}" if image.digest else ""
    status["containerID"] = "containerd://" + ctx.rng.stream("container-ids").getrandbits(256).to_bytes(32, "big").hex()
    record_container_started(ctx, pod, container, image_name,
                             told=pod_start.image_told(ctx.machines, pod.metadata.uid, name))
    run = (certgen.started(ctx.store, pod, container, dict(environment), ctx.clock.now(), ctx.rng.stream("certgen-keys"))
           if certgen.is_certgen(container) else
           git_sync.started(ctx.machines, ctx.store, pod, container, dict(environment), ctx.clock.now())
           if git_sync.is_git_sync(container) else container_run(image, container, ctx.rng.stream("container-processes")))
    if not run.long_running and not run.runs_for:
        log = f"{pod.metadata.uid}/{name}"
        ctx.machines.container_logs[log] = ctx.machines.container_logs.get(log, "") + run.output
        return exited_status(ctx, pod, status, run.exit_code)
    if over_memory_limit(container):  # the kernel's OOM killer: SIGKILL, 128 + 9
        return exited_status(ctx, pod, status, 137, "OOMKilled")
    status["started"] = True
    status["state"] = {"running": {"startedAt": ctx.now_rfc3339()}}
    status["ready"] = probe_ready(ctx, pod, container)
    if run.long_running and run.output:  # a server's first lines (git-sync's first sync)
        ctx.machines.container_logs[f"{pod.metadata.uid}/{name}"] += run.output
    if not run.long_running:
        ctx.machines.processes[(pod.metadata.uid, name)] = (ctx.clock.now() + run.runs_for, run.exit_code, run.output)
    return status


def node_allocatable(ctx: ControllerContext, pod: KubeObject) -> dict:
    node = ctx.store.find(by_kind("Node"), None, pod.spec.get("nodeName", ""))
    return dict(node.status.get("allocatable") or {}) if node is not None else {}


def exited_status(ctx: ControllerContext, pod: KubeObject, status: dict, exit_code: int, reason: str | None = None,
                  started_at: str | None = None, finished_at: float | None = None) -> dict:
    """The container's terminated state; one its restartPolicy restarts is acted on at the kubelet's next relist."""
    finished = ctx.clock.now() if finished_at is None else finished_at
    terminated = {"containerID": status["containerID"], "exitCode": exit_code, "finishedAt": rfc3339(finished),
                  "reason": reason or ("Completed" if exit_code == 0 else "Error"),
                  "startedAt": started_at or ctx.now_rfc3339()}
    key = f"{pod.metadata.uid}/{status['name']}"
    if container_restart.restarts(pod, exit_code):
        container_restart.exited(ctx.machines, key, finished)
    elif "terminated" in (status.get("lastState") or {}):
        container_restart.exited_for_good(ctx.machines, key, finished)
    return {**status, "ready": False, "started": False, "state": {"terminated": terminated}}


def pod_phase(pod: KubeObject, statuses: list[dict]) -> str:
    """kubelet_pods.go getPhase: a container waiting after it ran counts as stopped, not waiting."""
    running = waiting = stopped = succeeded = 0
    for status in statuses:
        state = status["state"]
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            succeeded += state["terminated"].get("exitCode") == 0
        elif "terminated" in (status.get("lastState") or {}):
            stopped += 1
        else:
            waiting += 1
    policy = pod.spec.get("restartPolicy") or "Always"
    if waiting or (not running and not stopped):
        return "Pending"
    if running:
        return "Running"
    if policy == "Always":
        return "Running"  # every container is being restarted
    if stopped == succeeded:
        return "Succeeded"
    return "Failed" if policy == "Never" else "Running"


def pod_conditions(ctx: ControllerContext, pod: KubeObject, ready: bool) -> list[dict]:
    old = {c["type"]: c for c in pod.status.get("conditions") or []}
    now = ctx.now_rfc3339()

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


def record_container_started(ctx: ControllerContext, pod: KubeObject, container: dict, image: str,
                             told: bool = False) -> None:
    """Created and Started, after the image's own event unless the pod's start plan `told` it (`pod_start`)."""
    name = container.get("name")
    if not told:
        ctx.record(pod, "Normal", "Pulled", f'Container image "{image}" already present on machine', "kubelet")
    ctx.record(pod, "Normal", "Created", f"Created container {name}", "kubelet")
    ctx.record(pod, "Normal", "Started", f"Started container {name}", "kubelet")
