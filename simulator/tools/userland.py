"""Whose small tools a machine has: GNU's (coreutils, util-linux, mawk as `awk`) on the Ubuntu
20.04 nodes, the workstation and the Debian- and Ubuntu-based images, or one busybox binary's
applets in the busybox and Alpine-based images (`apps.images` says where each image comes
from: docker-library/bash and curlimages/curl are Alpine, so their `df` and `awk` are busybox's).
The tools that print differently by flavour (`awk`, `df`, `mount`) ask here."""

from __future__ import annotations

from simulator.apps.images import parse_image
from simulator.programs.context import ExecContext
from simulator.shell.machine_files import current_pod
from simulator.shell.mounts import running_container

BUSYBOX_IMAGES = frozenset({"busybox", "k8s.gcr.io/busybox", "alpine", "bash", "curlimages/curl"})


def userland(ctx: ExecContext) -> str:
    """"busybox" in a container of a busybox or Alpine image, else "gnu"."""
    pod = current_pod(ctx)
    if pod is None:
        return "gnu"
    image = parse_image(str(running_container(ctx, pod).get("image") or ""))
    return "busybox" if image.repository in BUSYBOX_IMAGES else "gnu"
