"""The groups an image's /etc/group names, and what Ubuntu's bash says of a group it cannot name.

A pod's `securityContext.fsGroup` and `supplementalGroups` are added to every container process's groups
(the runtime's additional gids). Ubuntu's /etc/bash.bashrc, read by every interactive bash, runs
`$(groups)` for its sudo hint, and coreutils' `groups` reports each gid /etc/group has no name for:
`groups: cannot find name for group ID 65533` (week 7 slides line 602, on `kubectl exec -it git-sync
-c ubuntu -- /bin/bash` with fsGroup 65533). The names are base-passwd's group.master, as ubuntu:20.04 and
22.04 ship it; whatwant/fortune is built FROM ubuntu:latest.
"""

from __future__ import annotations

from simulator.apps.images import parse_image

UBUNTU_GROUP_IDS = frozenset((0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 20, 21, 22, 24, 25, 26, 27, 29, 30, 33, 34,
                              37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 50, 60, 100, 65534))
UBUNTU_IMAGES = ("ubuntu", "whatwant/fortune")


def process_groups(pod, container: dict) -> list[int]:
    """The exec'd process's gids: its primary (runAsGroup, else root's 0) and the pod's additional ones."""
    context = {**(pod.spec.get("securityContext") or {}), **(container.get("securityContext") or {})}
    groups = [context["runAsGroup"] if isinstance(context.get("runAsGroup"), int) else 0]
    pod_context = pod.spec.get("securityContext") or {}
    extra = [*(pod_context.get("supplementalGroups") or []), pod_context.get("fsGroup")]
    groups += [gid for gid in extra if isinstance(gid, int) and gid not in groups]
    return groups


def interactive_bash_notices(pod, container: dict) -> str:
    """What an interactive bash prints on stderr as it starts in the container (Ubuntu images only)."""
    if parse_image(str(container.get("image") or "")).repository not in UBUNTU_IMAGES:
        return ""
    return "".join(f"groups: cannot find name for group ID {gid}\n"
                   for gid in process_groups(pod, container) if gid not in UBUNTU_GROUP_IDS)
