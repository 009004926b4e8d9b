"""How long the kubelet takes from a scheduled pod to its started containers, as the course's cluster took.

A pod the kubelet admits is `ContainerCreating` (no address yet) while its sandbox is made and each
container's image is made sure of, one container after the other (kuberuntime_manager.go SyncPod,
images/image_manager.go EnsureImageExists): an image the node holds and whose pull policy is not
`Always` is `already present on machine` at once; otherwise the kubelet pulls it (`Pulling image`,
then `Successfully pulled image "X" in 1.95494831s`, a Go time.Duration). The pod's address and its
containers' running states are reported together once the last container started: the kubelet
writes a pod's status from the sync before, so the slides show `<none>` under IP for every
ContainerCreating row.

The durations come from the course's transcripts (seeded draws within these ranges):
- the sandbox, from the scheduler's bind to the first image step, 0.5 to 1.5 s: a replaced pod is
  Running at AGE 0s (03-RS-DS-JOB-CJ slides.txt 164-170), a CronJob's pod at 1s (626-630), and the
  kubelet's `Pulling` comes 1 s after `Scheduled` (09-RBAC slides.txt 763-764);
- a pull of an image whose layers the node mostly holds, 1.5 to 3 s: `in 1.95494831s`
  (09-RBAC slides.txt 765); with `imagePullPolicy: Always` a rollout's new pods are still
  ContainerCreating at AGE 3s and Running at 4s (08-Deployment-StatefulSet slides.txt 620-629).

Which images a node holds: every image of the simulated registry that is public (the course's nodes
had pulled them in earlier weeks), and a private one once it was pulled there (`whatwant/simple-nginx`
pulls the first time on a worker, 09-RBAC slides.txt 764-765). Not modelled yet: a first pull of a
public image on a fresh node (nginx:latest `in 9.1...s`, 07-ConfigMap-Secret-downwardAPI slides.txt
409), and each container's Created/Started at its own instant in a pod of several containers (they are
told when the pod's last container starts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.apps.images import find_image
from simulator.controllers.image_pull import full_reference, pull_error

SANDBOX_SECONDS = (0.5, 1.5)
PULL_SECONDS = (1.5, 3.0)


@dataclass
class StartPlan:
    """A pod's start on its node: the events still to tell, each at its instant, and when its containers run."""
    ready: float
    events: list[tuple[float, str, str]] = field(default_factory=list)  # (at, reason, message), Normal events
    told: set[str] = field(default_factory=set)  # containers whose image step the plan told (not told again at start)


def plans(machines) -> dict[str, StartPlan]:
    """The starts under way, per pod uid (kept on the machines, so they are pickled with the cluster)."""
    return machines.__dict__.setdefault("pod_starts", {})


def node_images(machines, node: str) -> set[str]:
    """The private images a node has pulled (public ones are held everywhere, see above)."""
    return machines.__dict__.setdefault("node_images", {}).setdefault(node, set())


def started(ctx, pod) -> bool:
    """Whether the pod's sandbox is made and its images are there, telling the start's events as they come due.
    The first call (once the pod's volumes mount) plans the start."""
    table = plans(ctx.machines)
    plan = table.get(pod.metadata.uid)
    if plan is None:
        plan = table[pod.metadata.uid] = plan_start(ctx, pod)
    tell_due_events(ctx, pod, plan)
    return ctx.clock.now() >= plan.ready


def plan_start(ctx, pod) -> StartPlan:
    random = ctx.rng.stream("kubelet-start")
    at = ctx.clock.now() + random.uniform(*SANDBOX_SECONDS)
    events: list[tuple[float, str, str]] = []
    told: set[str] = set()
    for container in pod.spec.get("containers") or []:
        name = str(container.get("image") or "")
        image = find_image(name)
        if pull_error(ctx.store, pod, name, image) is not None:
            break  # the failed pull and its back-off are image_backoff's, at the first sync after the sandbox
        reference = full_reference(name)
        held = not image.private_to or reference in node_images(ctx.machines, pod.spec["nodeName"])
        if container.get("imagePullPolicy") == "Always" or not held:
            took = round(random.uniform(*PULL_SECONDS), 8)
            events.append((at, "Pulling", f'Pulling image "{name}"'))
            at += took
            events.append((at, "Pulled", f'Successfully pulled image "{name}" in {go_duration(took)}'))
            node_images(ctx.machines, pod.spec["nodeName"]).add(reference)
        else:
            events.append((at, "Pulled", f'Container image "{name}" already present on machine'))
        told.add(container.get("name"))
    return StartPlan(at, events, told)


def tell_due_events(ctx, pod, plan: StartPlan) -> None:
    now = ctx.clock.now()
    while plan.events and plan.events[0][0] <= now:
        at, reason, message = plan.events.pop(0)
        ctx.events.record(pod.namespace, "Pod", pod.name, "Normal", reason, message, "kubelet", at)


def next_wakes(machines) -> list[float]:
    """When a start's next event or its containers come due."""
    return [plan.events[0][0] if plan.events else plan.ready for plan in plans(machines).values()]


def image_told(machines, uid: str, container: str) -> bool:
    """Whether the pod's start plan told this container's image step; it is told once: a restart tells its own."""
    plan = plans(machines).get(uid)
    if plan is None or container not in plan.told:
        return False
    plan.told.discard(container)
    if not plan.told and not plan.events:
        del plans(machines)[uid]
    return True


def keep_only(machines, present: set[str]) -> None:
    table = plans(machines)
    for uid in [uid for uid in table if uid not in present]:
        del table[uid]


def go_duration(seconds: float) -> str:
    """Go's time.Duration String for a duration of a second or more: `1.95494831s`, `2s`, `1m3.5s`."""
    nanoseconds = round(seconds * 1e9)
    minutes, rest = divmod(nanoseconds, 60 * 10**9)
    whole, fraction = divmod(rest, 10**9)
    text = f"{whole}.{fraction:09d}".rstrip("0").rstrip(".") + "s"
    return f"{minutes}m{text}" if minutes else text
