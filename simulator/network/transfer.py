"""One HTTP exchange as a client program makes it: parse the URL, resolve, connect, TLS, ask.

curl and wget share this; each formats the outcome its own way. Nothing here
writes output or moves the clock: `Exchange` says what happened and how long each
phase would take, and the tool decides what its timeouts make of that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from simulator.apiserver.http_api import ApiServer
from simulator.apiserver.proxy_subresource import Upstream
from simulator.apps.http import HttpRequest, HttpResponse, ServerContext, serve
from simulator.apps.tls import Handshake, handshake
from simulator.network.fabric import Connection
from simulator.network.listeners import is_control_plane
from simulator.network.pod_runtime import PodRuntime
from simulator.vantage import Vantage, node_vantage, pod_vantage

if TYPE_CHECKING:
    from simulator.dns import ClusterDNS
    from simulator.programs.context import ExecContext

DEFAULT_PORTS = {"http": 80, "https": 443}
URL_RE = re.compile(r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<host>[^/:?#]*)(?::(?P<port>[^/?#]*))?"
                    r"(?P<path>[^?#]*)(?P<query>\?[^#]*)?")


class URLError(ValueError):
    """A URL curl refuses: `code` is its exit code, `message` its text."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class URL:
    scheme: str
    host: str
    port: int
    path: str  # with the query string

    @property
    def default_port(self) -> bool:
        return self.port == DEFAULT_PORTS.get(self.scheme)

    @property
    def host_header(self) -> str:
        return self.host if self.default_port else f"{self.host}:{self.port}"

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host_header}{self.path}"


def parse_url(text: str, default_scheme: str = "http") -> URL:
    """Parse as curl does: a missing scheme means http, a missing path means `/`."""
    match = URL_RE.match(text.strip())
    scheme = (match.group("scheme") or default_scheme).lower()
    if scheme not in DEFAULT_PORTS:
        raise URLError(1, f'Protocol "{scheme}" not supported or disabled in libcurl')
    host = match.group("host")
    if not host:
        raise URLError(3, "URL using bad/illegal format or missing URL")
    port_text = match.group("port")
    if port_text is not None and port_text != "":
        if not port_text.isdigit():
            raise URLError(3, "URL using bad/illegal format or missing URL")
        port = int(port_text)
    else:
        port = DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise URLError(3, "URL using bad/illegal format or missing URL")
    path = (match.group("path") or "/") + (match.group("query") or "")
    return URL(scheme, host.lower(), port, path if path.startswith("/") else "/" + path)


def follow(url: URL, location: str) -> URL:
    """The URL a `Location:` header points to, relative to `url`."""
    return parse_url(urljoin(str(url), location.strip()))


@dataclass(frozen=True)
class Resolution:
    addresses: list[str]
    seconds: float = 0.0  # spent waiting on nameservers that did not answer
    timed_out: bool = False
    answered: str = ""  # the absolute name that had the addresses (after the search list)


def resolve(dns: "ClusterDNS", vantage: Vantage, host: str) -> Resolution:
    """getaddrinfo() on the vantage: a literal IP as is, a name through the cluster DNS."""
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", host):
        return Resolution([host])
    resolve_host = getattr(dns, "resolve_host", None)
    if resolve_host is None:
        addresses = dns.getaddrinfo(vantage, host) if hasattr(dns, "getaddrinfo") else None
        return Resolution(addresses or [])
    result = resolve_host(vantage, host)
    answered = result.tried[-1] if result.ok and result.tried else ""
    return Resolution(list(result.addresses), result.seconds, result.timed_out, answered)


def canonical_name(dns: "ClusterDNS", vantage: Vantage, host: str, resolution: Resolution) -> str:
    """getaddrinfo()'s `ai_canonname`: the name that answered, after any CNAME (ping prints it)."""
    if not resolution.answered:
        return host
    name = resolution.answered
    reply = dns.query(vantage, name, "A")
    for record in reply.answer:
        if record.type == "CNAME":
            name = record.data
    return name.rstrip(".")


def reverse_name(dns: "ClusterDNS", ip: str) -> str | None:
    """The PTR name of an address, as ping looks up the sender of each reply (cluster addresses only)."""
    ptr_names = getattr(dns, "ptr_names", None)
    names = ptr_names(ip) if ptr_names else []
    return names[0].rstrip(".") if names else None


@dataclass
class Exchange:
    """What happened to one request: the connection, the TLS handshake, the reply."""

    connection: Connection
    handshake: Handshake | None = None
    response: HttpResponse | None = None
    request: HttpRequest | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def http2(self) -> bool:
        return bool(self.handshake and self.handshake.ok and self.handshake.http2)


def exchange(ctx: "ExecContext", vantage: Vantage, ip: str, url: URL, request: HttpRequest,
             insecure: bool = False, openssl3: bool = False, http2: bool = True, trusted_ca: bool = False,
             client_certificate: bool = False) -> Exchange:
    """Connect to ip:port, do TLS for https, and send `request` if both worked."""
    connection = ctx.network.connect(vantage, ip, url.port)
    result = Exchange(connection)
    if not connection.connected:
        return result
    backend = connection.backend
    if url.scheme == "https":
        result.handshake = handshake(backend.app, backend.port, url.host, insecure, openssl3, trusted_ca)
        if not result.handshake.ok:
            return result
        if http2 and result.handshake.http2:
            request.version = "HTTP/2"
    request.scheme = url.scheme
    result.request = request
    serves_api = backend.app in ("kube-apiserver", "kubectl-proxy")
    api = ApiServer(ctx.store, ctx.clock, dial=api_dial(ctx), machines=ctx.machines).handle if serves_api else None
    server = ServerContext(ctx.clock, ctx.network.access_logs, ctx.random("audit-ids"), backend, connection.source_ip,
                           api, client_certificate, store=ctx.store, upstream=_upstream(ctx, backend, MAX_PROXY_HOPS),
                           pod=pod_side(ctx, backend, MAX_PROXY_HOPS))
    result.response = serve(request, server)
    return result


def api_dial(ctx: "ExecContext"):
    """How the API server reaches a pod for the proxy subresource: from the control-plane node's own stack."""
    topology = ctx.network.topology
    node = next((n for n in topology.node_names() if is_control_plane(topology, n)), None)

    def dial(ip: str, port: int, method: str, path: str, headers: list, body: str) -> Upstream:
        if node is None:
            return Upstream(failure="unreachable")
        vantage = node_vantage(node, topology.node_ip(node))
        connection = ctx.network.connect(vantage, ip, port)
        if not connection.connected:
            return Upstream(failure=connection.outcome)
        server = ServerContext(ctx.clock, ctx.network.access_logs, ctx.random("audit-ids"), connection.backend,
                               connection.source_ip, store=ctx.store,
                               upstream=_upstream(ctx, connection.backend, MAX_PROXY_HOPS),
                               pod=pod_side(ctx, connection.backend, MAX_PROXY_HOPS))
        response = serve(HttpRequest(method, path, headers, body), server)
        if response.raw is not None:
            return Upstream(failure="empty")
        return Upstream(response.status, response.reason, list(response.headers), response.body)

    return dial


MAX_PROXY_HOPS = 4  # a proxy pointed at itself (an Ingress backed by the controller's own Service) ends here


def _upstream(ctx: "ExecContext", backend, hops: int):
    """How a server in a pod sends a request on (ingress-nginx to a Service's endpoint): from its own pod."""
    pod = backend.pod
    if pod is None or hops <= 0:
        return None
    vantage = pod_vantage(pod.name, pod.namespace, str(pod.status.get("podIP") or ""), str(pod.spec.get("nodeName") or ""))

    def send(ip: str, port: int, request: HttpRequest):
        connection = ctx.network.connect(vantage, ip, port)
        if not connection.connected:
            return None
        request.scheme = "http"
        server = ServerContext(ctx.clock, ctx.network.access_logs, ctx.random("audit-ids"), connection.backend,
                               connection.source_ip, store=ctx.store, upstream=_upstream(ctx, connection.backend, hops - 1),
                               pod=pod_side(ctx, connection.backend, hops - 1))
        return serve(request, server)

    return send


def pod_side(ctx: "ExecContext", backend, hops: int) -> PodRuntime | None:
    """The server's own pod as its process reaches it (files, DNS, requests out), when it runs in one."""
    if backend.pod is None:
        return None
    return PodRuntime(ctx, backend.pod, _upstream(ctx, backend, hops), (backend.container or {}).get("name"))
