"""DNS client programs (nslookup, dig) as the machines in the lecture ship them.

Which build runs depends on where the command runs:
- the Ubuntu 20.04 nodes and the workstation: bind9-dnsutils 9.16.1;
- `k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3` (the lecture's `dnsutils` pod,
  Debian jessie): BIND 9.9.5;
- `busybox:1.28` and older: the small nslookup applet that calls getaddrinfo();
- later busybox tags: the 1.29+ applet with its own resolver (parallel A/AAAA);
- any other image with these tools is taken to be Debian bullseye (BIND 9.16.27).
The image is the pod's first container's, as `kubectl exec` picks by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.apps.images import parse_image
from simulator.programs.context import ExecContext
from simulator.registry.kinds import by_kind

BIND_916_UBUNTU = "9.16.1-Ubuntu"
BIND_916_DEBIAN = "9.16.27-Debian"
BIND_995_JESSIE = "9.9.5-9+deb8u19-Debian"


@dataclass(frozen=True)
class ClientBuild:
    family: str  # "bind" or "busybox"
    version: str  # "9.16.1-Ubuntu", "9.9.5-9+deb8u19-Debian", "1.28.4", "1.35.0"

    @property
    def bind_major_minor(self) -> tuple[int, int]:
        major, minor = self.version.split(".")[:2]
        return int(major), int(minor)

    @property
    def is_old_bind(self) -> bool:
        """BIND before 9.11: A only, textual NXDOMAIN names, exit status 0."""
        return self.family == "bind" and self.bind_major_minor < (9, 11)

    @property
    def is_old_busybox(self) -> bool:
        return self.family == "busybox" and tuple(int(p) for p in self.version.split(".")[:2]) < (1, 29)


def client_build(ctx: ExecContext) -> ClientBuild:
    vantage = ctx.vantage
    if vantage.kind != "pod":
        return ClientBuild("bind", BIND_916_UBUNTU)
    pod = ctx.store.find(by_kind("Pod"), vantage.namespace, vantage.name)
    containers = (pod.spec.get("containers") or []) if pod is not None else []
    image = parse_image(str(containers[0].get("image") or "")) if containers else None
    if image is None:
        return ClientBuild("bind", BIND_916_DEBIAN)
    if image.repository.endswith("jessie-dnsutils"):
        return ClientBuild("bind", BIND_995_JESSIE)
    if image.repository == "busybox":
        return ClientBuild("busybox", _busybox_version(image.tag))
    return ClientBuild("bind", BIND_916_DEBIAN)


def _busybox_version(tag: str) -> str:
    parts = tag.split(".")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        return f"{parts[0]}.{parts[1]}.{parts[2] if len(parts) > 2 and parts[2].isdigit() else '0'}"
    return "1.35.0"  # latest in mid-2022


def record_lookup(ctx: ExecContext, typed: str, qtype: str, server: str, reply, asked: str = "") -> None:
    """Note one query in the execution log: what was asked, of whom, and what came back.

    `name` is the name as the client was given it, `fqdn` the absolute name the answer is
    for (after the search list), `answers` the A/AAAA data and `cnames` the CNAME targets,
    both without a final dot; `rcode` is `timeout` when no server answered. Graders read
    these, never the command line dig echoes back in its header."""
    records = list(reply.answer) if reply is not None else []
    ctx.record(name=typed.rstrip(".").lower(), type=qtype, server=server,
               fqdn=(asked or (reply.qname if reply is not None else typed)).rstrip(".").lower(),
               rcode=reply.rcode if reply is not None else "timeout",
               answers=[r.data for r in records if r.type in ("A", "AAAA")],
               cnames=[r.data.rstrip(".").lower() for r in records if r.type == "CNAME"])
