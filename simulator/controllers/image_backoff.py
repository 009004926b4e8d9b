"""The kubelet's retries of an image it cannot pull, as 1.23 paces them.

From pkg/kubelet: a pod whose sync failed is synced again after `wait.Jitter(backOffPeriod, 0.5)`
(pod_workers.go; backOffPeriod 10 s, so 10 to 15 s); at each sync the image manager
(images/image_manager.go EnsureImageExists) either is still in back-off for that image
(`IsInBackOffSinceUpdate`: less than the back-off has passed since the last failed pull) and
reports `Back-off pulling image "X"` (a BackOff event, then `Error: ImagePullBackOff`, the
container waiting with reason ImagePullBackOff), or pulls again: `Pulling image "X"`, and on
failure `Failed to pull image "X": <containerd's error>` and `Error: ErrImagePull` (reason
ErrImagePull), the back-off then doubled from 10 s up to MaxContainerBackOff, 300 s
(flowcontrol.Backoff.Next, in `backoff`, shared with the restarts of crashed containers). Repeated
events are counted by the recorder, so `kubectl describe pod` shows `(x4 over 2m)` in the Age column.

When the syncs fall is fitted to the course's transcripts, not read from the source: after the
first failed pull the pod waits for its jittered requeue (the Week-7 slides show ErrImagePull at
AGE 10s, 07-ConfigMap-Secret-downwardAPI slides.txt 453), while a retry's failure is followed by a
sync at once that finds the back-off (the Week-2 slides show ImagePullBackOff at 58s, slides.txt 852).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.controllers.backoff import INITIAL as INITIAL_BACKOFF, Backoff, next_after

RESYNC = (10.0, 15.0)  # wait.Jitter(backOffPeriod, workerBackOffPeriodJitterFactor 0.5)
# how long containerd takes to fail a pull from Docker Hub (the Week-7 slides, 07-ConfigMap-Secret-downwardAPI
# slides.txt 465-469: Pulling 47s and 29s ago, Failed 43s and 26s ago); the back-off counts from the failure,
# and the pod is queued again after it
PULL_SECONDS = 3.0


@dataclass
class PullBackoff:
    last_pull: float
    backoff: float
    next_sync: float
    reason: str = "ErrImagePull"


def table(machines) -> dict[str, PullBackoff]:
    """The back-off entries the kubelets keep, per `<pod uid>/<container>` (on the machines, pickled)."""
    return machines.__dict__.setdefault("image_backoff", {})


def waiting(ctx, pod, container: str, image: str, failure: str) -> dict:
    """The container's waiting state now, recording the events of the sync that is due."""
    entries, now = table(ctx.machines), ctx.clock.now()
    key = f"{pod.metadata.uid}/{container}"
    entry = entries.get(key)
    if entry is None:
        _pulled(ctx, pod, image, failure)
        entry = entries[key] = PullBackoff(now + PULL_SECONDS, INITIAL_BACKOFF, now + PULL_SECONDS + _jitter(ctx))
    elif entry.next_sync <= now:
        entry.next_sync = now + _jitter(ctx)
        if now - entry.last_pull < entry.backoff:
            ctx.record(pod, "Normal", "BackOff", f'Back-off pulling image "{image}"', "kubelet")
            ctx.record(pod, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet")
            entry.reason = "ImagePullBackOff"
        else:
            _pulled(ctx, pod, image, failure)
            entry.next_sync = now + PULL_SECONDS  # a retry's failure is followed by a sync at once (see above)
            entry.backoff = next_after(Backoff(entry.backoff, entry.last_pull), now + PULL_SECONDS).backoff
            entry.last_pull, entry.reason = now + PULL_SECONDS, "ErrImagePull"
    message = failure if entry.reason == "ErrImagePull" else f'Back-off pulling image "{image}"'
    return {"message": message, "reason": entry.reason}


def next_syncs(machines) -> list[float]:
    return [entry.next_sync for entry in table(machines).values()]


def keep_only(machines, present: set[str]) -> None:
    """Forget the entries of pods that are gone."""
    entries = table(machines)
    for key in [k for k in entries if k.split("/", 1)[0] not in present]:
        del entries[key]


def _pulled(ctx, pod, image: str, failure: str) -> None:
    ctx.record(pod, "Normal", "Pulling", f'Pulling image "{image}"', "kubelet")
    ctx.record(pod, "Warning", "Failed", f'Failed to pull image "{image}": {failure}', "kubelet")
    ctx.record(pod, "Warning", "Failed", "Error: ErrImagePull", "kubelet")


def _jitter(ctx) -> float:
    return ctx.rng.stream("kubelet-resync").uniform(*RESYNC)
