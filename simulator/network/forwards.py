"""Local listeners that `kubectl port-forward` opens on the machine it runs on.

kubectl 1.23 (client-go tools/portforward) listens at the local port on the addresses of
`--address` (by default `localhost`: 127.0.0.1 and [::1]) and, for each connection it
accepts, prints `Handling connection for PORT` and opens a stream through the API server to
the kubelet, which connects to the remote port inside the pod's network namespace: the pod
sees the connection come from its own loopback. Only a listener on 0.0.0.0 or on one of the
machine's own addresses is reached from other machines; a loopback one only from its own.
A port holds one forward per machine: a second one is refused whatever its addresses (the
kernel would let two forwards share a port on two distinct specific addresses).

A forward lives as long as the kubectl process that opened it: the process (a job of the
shell, shell/jobs.py) adds it when it starts listening and removes it when it ends. Its
`announce` writes to the terminal of that shell; it is not kept in a pickle (a session
with a job running is never pickled, and a forward outliving its process would be a bug).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from simulator.vantage import Vantage

LOCALHOST = ("127.0.0.1", "::1")  # kubectl's default --address localhost, as parseAddresses resolves it


@dataclass
class LocalForward:
    host: str  # the machine kubectl runs on: "remote", or a node's name
    local_port: int
    namespace: str
    pod: str
    remote_port: int
    pid: int = 0  # the kubectl process's, as klog prints it
    announce: Callable[..., None] | None = field(default=None, compare=False)  # (text, stream="stdout")
    lost: bool = False  # a stream failed: 1.23 closed its connection to the kubelet, and the process ends
    addresses: tuple[str, ...] = LOCALHOST  # what it listens on

    def accepts(self, ip: str) -> bool:
        """Whether a connection to `ip` (an address of the forward's machine) reaches it."""
        return ip in self.addresses or "0.0.0.0" in self.addresses

    def __getstate__(self) -> dict:
        return {**self.__dict__, "announce": None}


def host_of(vantage: Vantage) -> str:
    """Which machine's loopback a vantage's `localhost` is (a pod has its own, never kubectl's)."""
    return vantage.name if vantage.kind in ("remote", "node") else f"pod:{vantage.namespace}/{vantage.name}"


class Forwards:
    def __init__(self) -> None:
        self.listening: dict[tuple[str, int], LocalForward] = {}

    def in_use(self, host: str, port: int) -> bool:
        return (host, port) in self.listening

    def add(self, forward: LocalForward) -> None:
        self.listening[(forward.host, forward.local_port)] = forward

    def remove(self, forward: LocalForward) -> None:
        if self.listening.get((forward.host, forward.local_port)) is forward:
            del self.listening[(forward.host, forward.local_port)]

    def accepting(self, host: str, ip: str, port: int) -> LocalForward | None:
        """The forward a connection to `ip:port` on machine `host` reaches, if any."""
        forward = self.listening.get((host, port))
        return forward if forward is not None and forward.accepts(ip) else None


def forward_failure(forward: LocalForward, pod, now: float) -> str:
    """What kubectl 1.23 logs when the kubelet could not connect inside the pod (containerd 1.6's
    sandbox_portforward_linux.go error, through the stream's error channel), then losing the
    stream: two klog lines. The sandbox id and network namespace are derived from the pod's uid.
    UNVERIFIED: the source line numbers (portforward.go:400 and :234 in client-go 1.23.7)."""
    import hashlib  # here, as in apiserver/tokens.py: not imported before a command line's prompt

    stamp = datetime.fromtimestamp(now, timezone.utc).strftime("%m%d %H:%M:%S.%f")
    seed = hashlib.sha256(str(pod.metadata.uid if pod is not None else forward.pod).encode()).hexdigest()
    netns = f"cni-{seed[:8]}-{seed[8:12]}-{seed[12:16]}-{seed[16:20]}-{seed[20:32]}"
    remote = forward.remote_port
    if pod is None:
        why = f"failed to find sandbox {seed}: not found"  # UNVERIFIED: the CRI's words for a removed sandbox
    else:
        why = (f'failed to execute portforward in network namespace "/var/run/netns/{netns}": failed to dial {remote}: '
               f"dial tcp4 127.0.0.1:{remote}: connect: connection refused")
    head = f"E{stamp} {forward.pid:>7} portforward.go"
    return (f"{head}:400] an error occurred forwarding {forward.local_port} -> {remote}: error forwarding port "
            f"{remote} to pod {seed}, uid : {why}\n"
            f"{head}:234] lost connection to pod\n")
