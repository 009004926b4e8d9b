"""`kubectl proxy`'s server: plain HTTP on the machine it runs on, the API server behind it.

From kubectl 1.23's `pkg/proxy/proxy_server.go`:
- the filter (`FilterServer.accept`) refuses a path matching `--reject-paths` (default
  `^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach`), a method matching `--reject-methods`
  (default `^$`, none), and anything whose path misses `--accept-paths` (`^.*`) or whose
  Host (without its port) misses `--accept-hosts` (`^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$`):
  Go's `http.Error(rw, "Forbidden", 403)`, a text/plain `Forbidden`; `--disable-filter` drops it;
- `--api-prefix` (default `/`) is stripped, leaving a slash (`stripLeaveSlash`); a path
  outside it is the mux's `404 page not found`;
- the request goes to the API server with the kubeconfig's credentials (the admin's client
  certificate here), and its answer comes back with its headers, which Go writes sorted.
"""

from __future__ import annotations

import re

from simulator.apps.wire import HttpRequest, HttpResponse, ServerContext

DEFAULT_SETTINGS = {"accept-hosts": r"^localhost$,^127\.0\.0\.1$,^\[::1\]$", "accept-paths": "^.*",
                    "reject-paths": "^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach", "reject-methods": "^$",
                    "api-prefix": "/", "disable-filter": ""}
FLOW_SCHEMA_UID = "b390439f-a87f-4657-aa9c-593d3200192d"  # as apps.http: the global-default FlowSchema
PRIORITY_LEVEL_UID = "9777a9d3-3be9-4453-803c-2eeb5c194865"


def regexps(text: str) -> list[re.Pattern]:
    """`MakeRegexpArray`: a comma-separated list (Go's RE2 syntax is close enough to Python's here)."""
    return [re.compile(part) for part in text.split(",")] if text else []


def accepts(settings: dict, method: str, path: str, host: str) -> bool:
    if any(r.search(path) for r in regexps(settings["reject-paths"])):
        return False
    if any(r.search(method) for r in regexps(settings["reject-methods"])):
        return False
    return any(r.search(path) for r in regexps(settings["accept-paths"])) and \
        any(r.search(host) for r in regexps(settings["accept-hosts"]))


def host_of(header: str) -> str:
    """`extractHost`: the Host header without its port (as it is when it has none)."""
    match = re.fullmatch(r"(\[[^\]]*\]|[^:]*):\d*", header)
    return match.group(1) if match else header


def go_text(ctx: ServerContext, status: int, reason: str, text: str, nosniff: bool = True) -> HttpResponse:
    headers = [("Content-Type", "text/plain; charset=utf-8")]
    if nosniff:
        headers.append(("X-Content-Type-Options", "nosniff"))
    headers += [("Date", ctx.date), ("Content-Length", str(len(text.encode())))]
    return HttpResponse(status, reason, headers, text)


def kubectl_proxy(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    settings = {**DEFAULT_SETTINGS, **dict(getattr(ctx.backend.socket, "settings", ()) or ())}
    path, mark, query = request.path.partition("?")
    prefix = settings["api-prefix"] if settings["api-prefix"].endswith("/") else settings["api-prefix"] + "/"
    if not path.startswith(prefix):
        return go_text(ctx, 404, "Not Found", "404 page not found\n")
    if not prefix.startswith("/api"):  # stripLeaveSlash
        rest = path[len(prefix):]
        path = rest if rest.startswith("/") else "/" + rest
    if not settings["disable-filter"] and not accepts(settings, request.method, path, host_of(request.header("Host") or "")):
        return go_text(ctx, 403, "Forbidden", "Forbidden\n")
    headers = [(k, v) for k, v in request.headers if k.lower() != "host"]
    answer = ctx.api(request.method, path + mark + query, headers, request.body, True)
    return _passed_back(ctx, answer)


def _passed_back(ctx: ServerContext, answer) -> HttpResponse:
    """The API server's answer as the proxy writes it: its headers, sorted by name as Go writes a header map."""
    audit = ctx.audit_ids.getrandbits(128).to_bytes(16, "big").hex()
    headers = {"Audit-Id": f"{audit[:8]}-{audit[8:12]}-{audit[12:16]}-{audit[16:20]}-{audit[20:]}",
               "Cache-Control": "no-cache, private", "Date": ctx.date,
               "Content-Length": str(len(answer.body.encode())),
               "X-Kubernetes-Pf-Flowschema-Uid": FLOW_SCHEMA_UID, "X-Kubernetes-Pf-Prioritylevel-Uid": PRIORITY_LEVEL_UID}
    if answer.content_type:
        headers["Content-Type"] = answer.content_type
    for key, value in answer.headers or []:
        headers.setdefault("-".join(part.capitalize() for part in key.split("-")), value)
    return HttpResponse(answer.status, answer.reason, sorted(headers.items()), answer.body)
