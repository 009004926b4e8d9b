"""The `proxy` subresource of pods and services: the API server sends the request on.

    GET /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH      -> http://<pod IP>:PORT/PATH
    GET /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH  -> an endpoint of that port

Where it goes, as 1.23 decides it:
- the id is `name`, `name:port` or `scheme:name:port` (`utilnet.SplitSchemeNamePort`; the
  scheme `http`, `https` or none), else `invalid pod request "<id>"` (400);
- a pod without a port takes its first container's first declared port
  (`pkg/registry/core/pod/strategy.go` `ResourceLocation`); a pod with no IP is refused with
  `address not allowed` (400, `proxyutil.IsProxyableIP`);
- a Service port given by number is turned into the port's name; an unknown number is
  `no service port N found for service "x"`, no ready address `no endpoints available for
  service "x"` (503 ServiceUnavailable, `pkg/registry/core/service/storage/rest.go`);
- the path is the rest after `/proxy` (`JoinPreservingTrailingSlash`), the query goes along;
  with no path at all the answer is a 301 to the same URL with a slash (upgradeaware.go, the
  work-around for kubernetes issue 4958).

The connection is made by the API server, from the control-plane node (`dial`, given by
the network layer), so a pod the API server cannot reach answers 503 with the text of
`apimachinery/pkg/util/proxy/transport.go`: `Error: 'dial tcp IP:PORT: connect: connection
refused'` and `Trying to reach: 'URL'`.

Not simulated: the rewriting of links in text/html answers, upgrades (websockets), and the
random choice among a Service's endpoints (the first ready address is taken).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from simulator.errors import StatusError
from simulator.registry.kinds import by_kind

SCHEMES = ("", "http", "https")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}
DIAL_ERRORS = {"refused": "connect: connection refused", "timeout": "i/o timeout",
               "unreachable": "connect: no route to host"}


@dataclass
class Upstream:
    """What the pod answered: status line, headers and body (or why it could not be reached)."""

    status: int = 200
    reason: str = "OK"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    failure: str = ""  # "refused", "timeout", "unreachable" or "empty" (the socket closed)


# ip, port, method, path with query, headers, body -> what came back
Dial = Callable[[str, int, str, str, list, str], Upstream]


def split_scheme_name_port(text: str) -> tuple[str, str, str] | None:
    parts = text.split(":")
    if len(parts) == 1:
        scheme, name, port = "", parts[0], ""
    elif len(parts) == 2:
        scheme, (name, port) = "", parts
    elif len(parts) == 3:
        scheme, name, port = parts
    else:
        return None
    return (scheme, name, port) if name and scheme in SCHEMES else None


def pod_location(store, namespace: str, ident: str) -> tuple[str, str, int | None]:
    """(scheme, pod IP, port or None) for `pods/<ident>/proxy`."""
    parsed = split_scheme_name_port(ident)
    if parsed is None:
        raise StatusError("BadRequest", f'invalid pod request "{ident}"', 400)
    scheme, name, port = parsed
    pod = store.get(by_kind("Pod"), namespace, name)
    if not port:
        port = next((str(c["ports"][0].get("containerPort")) for c in pod.spec.get("containers") or []
                     if c.get("ports")), "")
    ip = str(pod.status.get("podIP") or "")
    if not ip:
        raise StatusError("BadRequest", "address not allowed", 400)
    return scheme or "http", ip, _port_number(port)


def service_location(store, namespace: str, ident: str) -> tuple[str, str, int | None]:
    """(scheme, endpoint IP, port) for `services/<ident>/proxy`."""
    parsed = split_scheme_name_port(ident)
    if parsed is None:
        raise StatusError("BadRequest", f'invalid service request "{ident}"', 400)
    scheme, name, port_name = parsed
    if port_name.isdigit():
        service = store.get(by_kind("Service"), namespace, name)
        declared = [p for p in service.spec.get("ports") or [] if str(p.get("port")) == port_name]
        if not declared:
            raise StatusError("ServiceUnavailable", f'no service port {int(port_name)} found for service "{name}"', 503)
        port_name = str(declared[0].get("name") or "")
    endpoints = store.get(by_kind("Endpoints"), namespace, name)
    for subset in endpoints.body.get("subsets") or []:
        addresses = subset.get("addresses") or []
        for port in subset.get("ports") or []:
            if addresses and str(port.get("name") or "") == port_name:
                return scheme or "http", str(addresses[0].get("ip")), int(port.get("port"))
    raise StatusError("ServiceUnavailable", f'no endpoints available for service "{name}"', 503)


def _port_number(port: str) -> int | None:
    return int(port) if port.isdigit() else None


def rest_of_path(path: str) -> str:
    """What follows `/proxy` in the request path, with its slashes kept."""
    head, marker, rest = path.partition("/proxy")
    return rest if marker else ""


def forward(store, dial: Dial, resource: str, namespace: str, ident: str, method: str, path: str, query: str,
            headers: list[tuple[str, str]], body: str) -> Upstream:
    """Send the request on to where the id points; the answer as the API server passes it back."""
    locate = pod_location if resource == "pods" else service_location
    scheme, ip, port = locate(store, namespace, ident)
    if not rest_of_path(path):
        return Upstream(301, "Moved Permanently", [("Location", path + "/" + (f"?{query}" if query else ""))], "")
    target = rest_of_path(path)
    host = f"{ip}:{port}" if port is not None else ip
    url = f"{scheme}://{host}{target}" + (f"?{query}" if query else "")
    sent = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP and k.lower() not in ("authorization", "host")]
    answer = dial(ip, port if port is not None else (443 if scheme == "https" else 80), method,
                  target + (f"?{query}" if query else ""), [("Host", host), *sent], body)
    if answer.failure:
        if answer.failure == "empty":
            text = f"Error: 'EOF'\nTrying to reach: '{url}'"
        else:
            text = f"Error: 'dial tcp {host}: {DIAL_ERRORS.get(answer.failure, answer.failure)}'\nTrying to reach: '{url}'"
        return Upstream(503, "Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")], text)
    kept = [(k, v) for k, v in answer.headers if k.lower() not in HOP_BY_HOP and k.lower() not in ("date",)]
    return Upstream(answer.status, answer.reason, kept, answer.body)
