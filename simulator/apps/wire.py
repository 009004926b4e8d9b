"""An HTTP exchange as data: the request a client sends, the response a server gives,
and what a server sees of the world while it answers (`ServerContext`).

The apps that answer live in `apps.http` (the cluster's servers) and `apps.public_web`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Protocol

from simulator.clock import SimClock, http_date

AccessLogs = dict[str, list[str]]  # pod uid -> the lines its server printed (kept by `network.Network`)


def header_value(headers: list[tuple[str, str]], name: str) -> str | None:
    """The first header called `name`, compared case-insensitively as HTTP does."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


@dataclass
class HttpRequest:
    method: str = "GET"
    path: str = "/"
    headers: list[tuple[str, str]] = field(default_factory=list)  # as sent, in order
    body: str = ""
    scheme: str = "http"  # "https" when it arrives over TLS
    version: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    @property
    def host(self) -> str:
        """The Host header without a port, lower-cased, as virtual hosting compares it."""
        value = (self.header("Host") or "").strip().lower()
        return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass
class HttpResponse:
    status: int = 200
    reason: str = "OK"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    version: str = "HTTP/1.1"
    raw: str | None = None  # not HTTP: these bytes are all the server sends ("" closes at once)
    api_user: str = ""  # the API server's authenticated user, for the client's record (never on the wire)

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    @property
    def body_bytes(self) -> int:
        return len(self.body.encode())


class PodSide(Protocol):
    """What a server process reaches of its own pod (`network.pod_runtime.PodRuntime`)."""

    def read_file(self, path: str) -> str | None: ...

    def served_file(self, path: str) -> "tuple[str, float, bool] | None": ...

    def mounted(self, path: str) -> bool: ...

    def write_file(self, path: str, text: str) -> bool: ...

    def resolve_srv(self, name: str) -> tuple[list[str], str]: ...

    def http_get(self, host: str, port: int, path: str) -> str | None: ...


@dataclass
class ServerContext:
    """What a server sees of the world: the time, where it logs, its random ids, who connected."""

    clock: SimClock
    access_logs: AccessLogs
    audit_ids: random.Random  # the API server's audit ids
    backend: object  # simulator.network.Backend
    source_ip: str = ""
    # the API server's handler (`apiserver.http_api.ApiServer.handle`), for the kube-apiserver app
    api: Callable | None = None
    client_certificate: bool = False  # the client showed the admin's certificate (curl --cert)
    # what a proxying server (ingress-nginx) reads and reaches: the API objects, and a request sent on
    # from its own pod to ip:port (None when the connection failed); None for servers that only answer
    store: object = None
    upstream: "Callable[[str, int, HttpRequest], HttpResponse | None] | None" = None
    pod: "PodSide | None" = None  # the server's own pod: files, DNS, requests out (network.pod_runtime)

    @property
    def now(self) -> float:
        return self.clock.now()

    @property
    def date(self) -> str:
        return http_date(self.now)


App = Callable[[HttpRequest, ServerContext], HttpResponse]
