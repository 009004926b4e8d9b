"""What a server in a pod reaches of its own pod: its container's files (through the container's
volumeMounts, as `fs` sees them), its DNS (the pod's resolv.conf: `dns.resolveSrv`, `getaddrinfo`)
and other servers (an `http.get` from the pod). Handed to an app as `ServerContext.pod`.

Built for one exchange from the client's ExecContext with the pod as the vantage; nothing here
lets time pass or settles controllers. Not modelled: a write that fails (a read-only mount or a
full disk) crashes node's process in the real app; here it is refused quietly.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from simulator.apps.wire import HttpRequest
from simulator.filesystem import FileSystemError
from simulator.vantage import pod_vantage

if TYPE_CHECKING:
    from simulator.objects import KubeObject
    from simulator.programs.context import ExecContext


class PodRuntime:
    """A pod as its server process sees it (apps.wire.PodSide)."""

    def __init__(self, ctx: "ExecContext", pod: "KubeObject", send, container: str | None = None) -> None:
        vantage = pod_vantage(pod.name, pod.namespace, str(pod.status.get("podIP") or ""),
                              str(pod.spec.get("nodeName") or ""))
        self.ctx = dataclasses.replace(ctx, vantage=vantage, shell=None, log_entry=None)
        self.send = send  # transfer._upstream's sender from this pod, or None
        self.container = container  # the container whose process serves (its mounts), else the pod's first

    def read_file(self, path: str) -> str | None:
        from simulator.shell.mounts import read_text

        try:
            return read_text(self.ctx, path)
        except FileSystemError:
            return None

    def served_file(self, path: str) -> tuple[str, float, bool] | None:
        """(text, mtime, whether a volume holds it) of a file as the serving container sees it, None when
        there is none; a directory that a volume mounts is ("", mtime, True) with text None-like empty."""
        from simulator.shell.mounts import locate

        place = locate(self.ctx, path, self.container)
        entry = place.tree.get(place.path) if place is not None else None
        if entry is None or entry.kind != "f":
            return None
        return entry.content, entry.mtime, place.mount is not None

    def mounted(self, path: str) -> bool:
        """Whether `path` in the serving container lies in a volume (the image's own files are hidden there)."""
        from simulator.shell.mounts import locate

        place = locate(self.ctx, path, self.container)
        return place is not None and place.mount is not None

    def write_file(self, path: str, text: str) -> bool:
        from simulator.shell.mounts import write_text

        try:
            write_text(self.ctx, path, text)
        except FileSystemError:
            return False
        return True

    def resolve_srv(self, name: str) -> tuple[list[str], str]:
        """(target names without the trailing dot, error code): c-ares' ares_query for SRV."""
        answer = self.ctx.dns.query(self.ctx.vantage, name, "SRV")
        if answer.rcode != "NOERROR":
            return [], {"NXDOMAIN": "ENOTFOUND", "SERVFAIL": "ESERVFAIL"}.get(answer.rcode, "ESERVFAIL")
        targets = [record.data.split()[-1].rstrip(".") for record in answer.answer if record.type == "SRV"]
        return targets, "" if targets else "ENODATA"

    def http_get(self, host: str, port: int, path: str) -> str | None:
        """The body of GET http://host:port/path from this pod, or None when it cannot connect."""
        addresses = self.ctx.dns.getaddrinfo(self.ctx.vantage, host)
        if not addresses or self.send is None:
            return None
        response = self.send(addresses[0], port, HttpRequest("GET", path, [("Host", f"{host}:{port}")]))
        return None if response is None or response.raw is not None else response.body
