"""How long the kubelet takes to stop a pod being deleted, as the course's cluster took.

A pod deleted gracefully (registry/store.py: deletionTimestamp = now + the grace period) is
`Terminating` and still `1/1` while its kubelet stops it (kuberuntime_container.go killContainer:
a `Killing` event `Stopping container NAME`, SIGTERM, then SIGKILL when the grace period runs out).
A process that ends on SIGTERM is gone within moments and the kubelet's next relist sees it; a
process that ignores it is killed when the grace period ends (exit code 137). The kubelet then
reports the containers terminated (`0/1 Terminating`) and deletes the pod with grace 0.

Which processes end on SIGTERM: nginx does (its fast shutdown), and so does an image's own server
unless the image says otherwise (`Image.ignores_sigterm`: node-web's `node app.js` runs as PID 1
with no handler, and the kernel gives PID 1 no default action). A container's own command that is a
shell or `sleep` ignores it for the same reason.

The durations:
- ending on SIGTERM, 1 to 2 s to `0/1 Terminating`: nginx's fast shutdown takes moments, and the kubelet sees
  the exit at its next relist (pleg/generic.go, every second); no slide times it;
- ignoring it, the grace period: rs-web's node-web pods stay `1/1 Terminating` after their ReplicaSet is deleted
  (03-RS-DS-JOB-CJ slides.txt 240-247) and a deleted one turns `0/1` only after its replacement ran (164-175);
  a rollout's node-web pods are still `1/1 Terminating` at AGE 85 to 94s while their replacements of the last
  7 s start (08-Deployment-StatefulSet slides.txt 618-640).
"""

from __future__ import annotations

from simulator.apps.images import find_image

SIGTERM_STOP_SECONDS = (1.0, 2.0)
IGNORING_PROGRAMS = frozenset({"sh", "bash", "ash", "dash", "sleep"})


# from the containers reported terminated to the pod's removal: the kubelet deletes it at a later status sync,
# once its volumes are unmounted (status_manager.go canBeDeleted); the slides show `0/1 Terminating` rows first
# (03-RS-DS-JOB-CJ slides.txt 173-175)
CLEANUP_SECONDS = 1.0


def stops(machines) -> dict[str, list]:
    """Per pod uid: [when its containers are found stopped, whether SIGKILL ended them, when it is removed]."""
    return machines.__dict__.setdefault("pod_stops", {})


def reported(ctx, pod) -> bool:
    """Whether the stopped containers were reported already; the first call schedules the pod's removal."""
    entry = stops(ctx.machines)[pod.metadata.uid]
    if entry[2] is None:
        entry[2] = ctx.clock.now() + CLEANUP_SECONDS
        return False
    return True


def removable(ctx, pod) -> bool:
    entry = stops(ctx.machines)[pod.metadata.uid]
    return entry[2] is not None and ctx.clock.now() >= entry[2]


def stopped(ctx, pod) -> tuple[bool, bool]:
    """(whether the pod's containers are stopped by now, whether the kill was a SIGKILL). The first
    call sends SIGTERM: a Killing event for each running container."""
    table = stops(ctx.machines)
    if pod.metadata.uid not in table:
        table[pod.metadata.uid] = [*plan_stop(ctx, pod), None]
    at, killed, _ = table[pod.metadata.uid]
    deadline = pod.metadata.deletion_timestamp
    if deadline is not None and deadline < at:  # deleted again with a shorter grace period
        at, killed = deadline, True
    return ctx.clock.now() >= at, killed


def plan_stop(ctx, pod) -> tuple[float, bool]:
    running = [status.get("name") for status in pod.status.get("containerStatuses") or []
               if "running" in (status.get("state") or {})]
    now = ctx.clock.now()
    if not running:
        return now, False
    for name in running:
        ctx.record(pod, "Normal", "Killing", f"Stopping container {name}", "kubelet")
    containers = [c for c in pod.spec.get("containers") or [] if c.get("name") in running]
    if any(ignores_sigterm(container) for container in containers):
        return (pod.metadata.deletion_timestamp or now), True
    return now + ctx.rng.stream("kubelet-stop").uniform(*SIGTERM_STOP_SECONDS), False


def ignores_sigterm(container: dict) -> bool:
    """Whether the container's PID 1 has no SIGTERM handler (see above)."""
    command = container.get("command") or []
    if command:
        return str(command[0]).rsplit("/", 1)[-1] in IGNORING_PROGRAMS
    image = find_image(str(container.get("image") or ""))
    return image is not None and image.ignores_sigterm


def next_wakes(machines) -> list[float]:
    return [at if removal is None else removal for at, _, removal in stops(machines).values()]


def keep_only(machines, present: set[str]) -> None:
    table = stops(machines)
    for uid in [uid for uid in table if uid not in present]:
        del table[uid]
