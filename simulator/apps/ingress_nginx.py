"""The ingress-nginx controller 1.3.0's HTTP server: routing by host and path to a Service's endpoints.

From `kubernetes/ingress-nginx` controller-v1.3.0 (`internal/ingress/controller/template` and
`rootfs/etc/nginx/template/nginx.tmpl`): the Ingresses of its class become nginx servers by host
(an exact host, then a `*.` wildcard of one label, then the catch-all server for rules without a
host) and locations by path, the longest first. `Exact` matches the path alone; `Prefix` matches it
element by element (`/foo` serves `/foo` and `/foo/bar`, not `/foobar`); `ImplementationSpecific`
is a plain prefix. With `nginx.ingress.kubernetes.io/rewrite-target` (or `use-regex`) the paths are
case-insensitive regular expressions anchored at the start, and the rewrite replaces the whole
URI with the target, `$1`... taken from the path's groups. The request then goes to one ready
endpoint of the backend Service's port (round robin in the real Lua balancer; drawn from the seed
here), from the controller's own pod; no rule matching answers nginx's 404 page, a backend without
ready endpoints 503. ingress-nginx hides nginx's version (`server-tokens: false`).
"""

from __future__ import annotations

import re

from simulator.apps.wire import HttpRequest, HttpResponse, ServerContext
from simulator.kinds.ingress import ingress_class

CONTROLLER_CLASS = "k8s.io/ingress-nginx"
REWRITE = "nginx.ingress.kubernetes.io/rewrite-target"
USE_REGEX = "nginx.ingress.kubernetes.io/use-regex"
MAX_REGEX = 1024  # a path compiled as a regular expression is bounded like the rest of the simulator


def error_page(ctx: ServerContext, status: int, reason: str) -> HttpResponse:
    body = (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
    headers = [("Date", ctx.date), ("Content-Type", "text/html"), ("Content-Length", str(len(body))),
               ("Connection", "keep-alive")]
    return HttpResponse(status, reason, headers, body)


def served_ingresses(store) -> list:
    """The Ingresses of a class whose IngressClass names this controller (by `ingressClassName` or the
    `kubernetes.io/ingress.class` annotation, which `--ingress-class=nginx` accepts)."""
    classes_rt = store.types.by_name("ingressclasses")
    ingresses_rt = store.types.by_name("ingresses")
    if classes_rt is None or ingresses_rt is None:
        return []
    classes = {c.name for c in store.list(classes_rt) if (c.spec.get("controller") == CONTROLLER_CLASS)}
    return [i for i in store.list(ingresses_rt) if ingress_class(i) in classes]


def _host_matches(rule_host: str, host: str) -> int:
    """2 for an exact host, 1 for a one-label wildcard, 0 for no match."""
    if rule_host == host:
        return 2
    if rule_host.startswith("*.") and host.endswith(rule_host[1:]) and "." not in host[: -len(rule_host) + 1]:
        return 1
    return 0


def _path_matches(path: dict, uri: str, regex: bool) -> re.Match | bool:
    wanted = str(path.get("path") or "/")
    if regex:
        try:
            return re.match(f"(?i){wanted[:MAX_REGEX]}", uri)
        except re.error:
            return False
    kind = path.get("pathType") or "Prefix"
    if kind == "Exact":
        return uri == wanted
    if kind == "Prefix":
        base = wanted.rstrip("/")
        return base == "" or uri == base or uri.startswith(base + "/")
    return uri.startswith(wanted)


def route(store, host: str, uri: str):
    """(ingress, path, match) for the request, or None: host class first, then the longest path."""
    candidates = []
    for ingress in served_ingresses(store):
        annotations = ingress.metadata.annotations
        regex = bool(annotations.get(REWRITE)) or annotations.get(USE_REGEX) == "true"
        for rule in ingress.spec.get("rules") or []:
            rule_host = str((rule or {}).get("host") or "")
            rank = _host_matches(rule_host, host) if rule_host else 0
            if rule_host and not rank:
                continue
            for path in ((rule or {}).get("http") or {}).get("paths") or []:
                match = _path_matches(path, uri, regex)
                if match:
                    candidates.append((rank, len(str(path.get("path") or "")), ingress, path, match))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[0], c[1]))
    return best[2], best[3], best[4]


def rewritten(ingress, match, uri: str) -> str:
    target = ingress.metadata.annotations.get(REWRITE)
    if not target or not isinstance(match, re.Match):
        return uri
    groups = match.groups()
    return re.sub(r"\$(\d)", lambda m: (groups[int(m.group(1)) - 1] or "") if 0 < int(m.group(1)) <= len(groups) else "",
                  target)


def endpoints_for(store, namespace: str, backend: dict) -> list[tuple[str, int]]:
    """Ready `ip:port` of the backend Service's port, as the controller reads them from Endpoints."""
    service_ref = backend.get("service") or {}
    services_rt, endpoints_rt = store.types.by_name("services"), store.types.by_name("endpoints")
    service = store.find(services_rt, namespace, str(service_ref.get("name")))
    endpoints = store.find(endpoints_rt, namespace, str(service_ref.get("name")))
    if service is None or endpoints is None:
        return []
    port = service_ref.get("port") or {}
    port_name = None
    for service_port in service.spec.get("ports") or []:
        if (port.get("number") and service_port.get("port") == port.get("number")) or (
                port.get("name") and service_port.get("name") == port.get("name")):
            port_name = service_port.get("name") or ""
    if port_name is None:
        return []
    found = []
    for subset in endpoints.body.get("subsets") or []:
        for entry in subset.get("ports") or []:
            if (entry.get("name") or "") == port_name:
                found.extend((a["ip"], int(entry["port"])) for a in subset.get("addresses") or [])
    return found


def ingress_nginx(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    if ctx.store is None:
        return error_page(ctx, 404, "Not Found")
    uri = request.path.split("?")[0]
    found = route(ctx.store, request.host, uri)
    if found is None:
        return error_page(ctx, 404, "Not Found")
    ingress, path, match = found
    servers = endpoints_for(ctx.store, ingress.namespace, path.get("backend") or {})
    if not servers or ctx.upstream is None:
        return error_page(ctx, 503, "Service Temporarily Unavailable")
    ip, port = servers[ctx.audit_ids.randrange(len(servers))]
    query = request.path[len(uri):]
    sent = HttpRequest(request.method, rewritten(ingress, match, uri) + query,
                       [*request.headers, ("X-Forwarded-For", ctx.source_ip), ("X-Real-IP", ctx.source_ip)],
                       request.body)
    response = ctx.upstream(ip, port, sent)
    if response is None:
        return error_page(ctx, 502, "Bad Gateway")
    return response
