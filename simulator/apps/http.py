"""What each app answers to an HTTP request: status, headers in wire order, body.

    response = serve(HttpRequest("GET", "/", [("Host", "svc-web")]),
                     ServerContext(clock, access_logs, audit_ids, backend, source_ip))

Apps are keyed by name (`Image.app`, a node daemon, `PublicHost.app`). A response
with `raw` set is not HTTP at all (an SSH banner, an empty reply), and curl treats
it as such. Servers keep an access log per pod (`access_log`), as the real app
prints it (node-web's `Received request from ::ffff:<ip>`, nginx's combined log).

The public web sites live in `apps.public_web`; bodies are data in `apps.pages`.
"""

from __future__ import annotations

import datetime as dt

from simulator.apps import node_web_data, pages, public_web
from simulator.apps.wire import AccessLogs, App, HttpRequest, HttpResponse, ServerContext, header_value
from simulator.clock import http_date

__all__ = ["AccessLogs", "App", "HttpRequest", "HttpResponse", "ServerContext", "access_log", "header_value",
           "serve"]

NGINX_VERSIONS = {"latest": "1.23.1", "1.23": "1.23.1", "alpine": "1.23.1", "stable": "1.22.0", "1.21": "1.21.6",
                  "1.25": "1.25.2"}
# Last-Modified of html/index.html in each image; only 1.23.1's is confirmed (public transcripts, Aug-Sep 2022).
NGINX_INDEX_MTIME = {"1.23.1": 1658239527}


def serve(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    app = APPS.get(ctx.backend.app) or public_web.APPS.get(ctx.backend.app) or silent
    response = app(request, ctx)
    if request.method == "HEAD" and response.raw is None:
        response.body = ""
    return response


def silent(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """A socket that reads the request and closes without a word (curl: Empty reply from server)."""
    return HttpResponse(raw="")


# node-web ----------------------------------------------------------------------
def node_web(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """whatwant/node-web (kubia's app.js): 200 and `You've hit <hostname>` for every request."""
    pod = ctx.backend.pod
    hostname = str(pod.spec.get("hostname") or pod.name) if pod is not None else ctx.backend.node
    data_app = DATA_APPS.get(image_tag(ctx.backend.container))
    if data_app is not None:
        return data_app(request, ctx, hostname)
    log(ctx, f"Received request from ::ffff:{ctx.source_ip}")
    headers = [("Date", ctx.date), ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")]
    if request.method != "HEAD":
        headers.append(("Transfer-Encoding", "chunked"))  # Node: no Content-Length after writeHead()
    return HttpResponse(200, "OK", headers, f"You've hit {hostname}{node_web_version(ctx.backend.container)}\n")


def image_tag(container: dict | None) -> str:
    image = str((container or {}).get("image") or "")
    return image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else "latest"


# the week-8 images that keep data in the pod (apps.node_web_data): app-1.js and app-2.js
DATA_APPS = {"3.0": node_web_data.node_web_v3, "4.0": node_web_data.node_web_v4}


def node_web_version(container: dict | None) -> str:
    """The week-8 image's 2.0 tag adds its version to the greeting (the course's app.js for 2.0)."""
    image = str((container or {}).get("image") or "")
    return " (Ver2.0)" if image.endswith(":2.0") else ""


# nginx -------------------------------------------------------------------------
def nginx(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    version = nginx_version(ctx.backend.container)
    if request.method not in ("GET", "HEAD"):
        response = _nginx_error(ctx, 405, "Not Allowed", version)
    else:
        response = _nginx_static(ctx, request.path.split("?")[0], version)
    log(ctx, _combined_log(request, response, ctx))
    return response


def nginx_version(container: dict | None) -> str:
    image = str((container or {}).get("image") or "nginx")
    tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else "latest"
    return NGINX_VERSIONS.get(tag, tag if tag[:1].isdigit() else "1.23.1")


DOCROOT = "/usr/share/nginx/html"  # the image's default.conf: root /usr/share/nginx/html; index index.html


def _nginx_static(ctx: ServerContext, path: str, version: str) -> HttpResponse:
    """A file under the docroot as the serving container sees it: a volume mounted there (the week-7
    fortune page, a ConfigMap's index.html by subPath) hides the image's own welcome page; a directory
    without its index.html is 403 (autoindex off), a missing file 404."""
    wanted = DOCROOT + (path.rstrip("/") + "/index.html" if path.endswith("/") else path)
    found = ctx.pod.served_file(wanted) if ctx.pod is not None else None
    if found is not None:
        text, mtime, _ = found
        return _nginx_file(ctx, version, text, int(mtime))
    mounted = ctx.pod is not None and ctx.pod.mounted(wanted)
    if not mounted and wanted == DOCROOT + "/index.html":
        return _nginx_index(ctx, version)
    if mounted and path.endswith("/"):
        return _nginx_error(ctx, 403, "Forbidden", version)
    return _nginx_error(ctx, 404, "Not Found", version)


def _nginx_index(ctx: ServerContext, version: str) -> HttpResponse:
    return _nginx_file(ctx, version, pages.NGINX_INDEX, NGINX_INDEX_MTIME.get(version, 1658239527))


def _nginx_file(ctx: ServerContext, version: str, body: str, mtime: int) -> HttpResponse:
    length = len(body.encode())
    headers = [("Server", f"nginx/{version}"), ("Date", ctx.date), ("Content-Type", "text/html"),
               ("Content-Length", str(length)), ("Last-Modified", http_date(mtime)), ("Connection", "keep-alive"),
               ("ETag", f'"{mtime:x}-{length:x}"'), ("Accept-Ranges", "bytes")]
    return HttpResponse(200, "OK", headers, body)


def _nginx_error(ctx: ServerContext, status: int, reason: str, version: str) -> HttpResponse:
    body = pages.nginx_error(status, reason, version)
    headers = [("Server", f"nginx/{version}"), ("Date", ctx.date), ("Content-Type", "text/html"),
               ("Content-Length", str(len(body))), ("Connection", "keep-alive")]
    return HttpResponse(status, reason, headers, body)


def _combined_log(request: HttpRequest, response: HttpResponse, ctx: ServerContext) -> str:
    moment = dt.datetime.fromtimestamp(int(ctx.now), tz=dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    sent = response.body_bytes if request.method != "HEAD" else 0
    agent = request.header("User-Agent") or "-"
    return (f'{ctx.source_ip} - - [{moment}] "{request.method} {request.path} {request.version}" '
            f'{response.status} {sent} "-" "{agent}" "-"')


# cluster daemons ---------------------------------------------------------------
def sshd(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    return HttpResponse(raw=pages.SSH_BANNER)


def kube_apiserver(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """The API (`ctx.api`, apiserver.http_api); without one, the anonymous view: /version and
    the health endpoints are public, the rest is 403."""
    if request.scheme != "https":
        return go_plain_http_on_tls()
    path = request.path.split("?")[0]
    if ctx.api is not None:
        answer = ctx.api(request.method, request.path, request.headers, request.body, ctx.client_certificate)
        if not answer.anonymous_forbidden:
            reply = _api_reply(ctx, answer.status, answer.reason, answer.content_type, answer.body, request.version,
                               flow_control=True, passed=answer.headers or [])
            reply.api_user = answer.user
            return reply
    if path in ("/healthz", "/livez", "/readyz"):
        return _api_reply(ctx, 200, "OK", "text/plain; charset=utf-8", "ok", request.version)
    if path == "/version":
        return _api_reply(ctx, 200, "OK", "application/json", VERSION_JSON, request.version)
    reply = _api_reply(ctx, 403, "Forbidden", "application/json", pages.APISERVER_FORBIDDEN.replace("{path}", path),
                       request.version)
    reply.api_user = "system:anonymous"
    return reply


VERSION_JSON = """{
  "major": "1",
  "minor": "23",
  "gitVersion": "v1.23.7",
  "gitCommit": "42c05a547468804b2053ecf60a3bd15560362fc2",
  "gitTreeState": "clean",
  "buildDate": "2022-05-24T12:24:41Z",
  "goVersion": "go1.17.10",
  "compiler": "gc",
  "platform": "linux/amd64"
}"""


# API Priority and Fairness: the uids of the `global-default` FlowSchema and PriorityLevel
# that an authenticated request is classified under (the slides' response headers)
FLOW_SCHEMA_UID = "b390439f-a87f-4657-aa9c-593d3200192d"
PRIORITY_LEVEL_UID = "9777a9d3-3be9-4453-803c-2eeb5c194865"


def _api_reply(ctx: ServerContext, status: int, reason: str, content_type: str, body: str,
               version: str, flow_control: bool = False, passed: list | None = None) -> HttpResponse:
    """`passed`: a proxied pod's own headers, which the API server passes back."""
    audit = ctx.audit_ids.getrandbits(128).to_bytes(16, "big").hex()
    audit_id = f"{audit[:8]}-{audit[8:12]}-{audit[12:16]}-{audit[16:20]}-{audit[20:]}"
    headers = [("audit-id", audit_id), ("cache-control", "no-cache, private")]
    headers += [(k.lower(), v) for k, v in passed or [] if k.lower() not in ("cache-control", "content-length")]
    headers += [("content-type", content_type)] if content_type else []
    if flow_control:
        headers += [("x-kubernetes-pf-flowschema-uid", FLOW_SCHEMA_UID),
                    ("x-kubernetes-pf-prioritylevel-uid", PRIORITY_LEVEL_UID)]
    else:
        headers.append(("x-content-type-options", "nosniff"))
    headers += [("content-length", str(len(body.encode()))), ("date", ctx.date)]
    if version != "HTTP/2":
        headers = [("-".join(part.capitalize() for part in k.split("-")), v) for k, v in headers]
    return HttpResponse(status, reason, headers, body, version)


def kubelet(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """kubespray turns anonymous kubelet access off: every request is 401."""
    if request.scheme != "https":
        return go_plain_http_on_tls()
    headers = [("content-type", "text/plain; charset=utf-8"), ("content-length", "12"), ("date", ctx.date)]
    return HttpResponse(401, "Unauthorized", headers, "Unauthorized", request.version)


def go_plain_http_on_tls() -> HttpResponse:
    """Go's net/http answer to a plain request on a TLS listener (HTTP/1.0, no headers)."""
    return HttpResponse(400, "Bad Request", [], pages.GO_HTTP_ON_TLS_PORT, "HTTP/1.0")


def plain_ok(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """A Go health endpoint: `OK` as text/plain."""
    headers = [("Date", ctx.date), ("Content-Length", "2"), ("Content-Type", "text/plain; charset=utf-8")]
    return HttpResponse(200, "OK", headers, "OK")


def kube_proxy_healthz(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    stamp = dt.datetime.fromtimestamp(ctx.now, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f000 +0000 UTC")
    body = f'{{"lastUpdated": "{stamp} m=+1923.104726711","currentTime": "{stamp} m=+1923.104726711"}}'
    headers = [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"), ("Date", ctx.date),
               ("Content-Length", str(len(body)))]
    return HttpResponse(200, "OK", headers, body)


def coredns(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    """CoreDNS: DNS on 53 (an HTTP request is not a DNS message), health 8080, ready 8181."""
    if ctx.backend.port in (8080, 8181):
        return plain_ok(request, ctx)
    if ctx.backend.port == 9153:
        return HttpResponse(200, "OK", [("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                                        ("Date", ctx.date)],
                            '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, '
                            'revision, and goversion from which CoreDNS was built.\n# TYPE coredns_build_info gauge\n'
                            'coredns_build_info{goversion="go1.17.1",revision="13a9191",version="1.8.6"} 1\n')
    return silent(request, ctx)


# access logs -------------------------------------------------------------------
def log(ctx: ServerContext, line: str) -> None:
    pod = ctx.backend.pod
    if pod is not None:
        ctx.access_logs.setdefault(pod.metadata.uid, []).append(line)


def access_log(access_logs: AccessLogs, pod) -> list[str]:
    """Lines the pod's server printed for requests so far (what `kubectl logs` adds after startup)."""
    return list(access_logs.get(pod.metadata.uid, []))


def _kubectl_proxy(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    from simulator.apps.kubectl_proxy import kubectl_proxy

    return kubectl_proxy(request, ctx)


def _ingress_nginx(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    from simulator.apps.ingress_nginx import ingress_nginx

    return ingress_nginx(request, ctx)


APPS: dict[str, App] = {
    "node-web": node_web,
    "ingress-nginx": _ingress_nginx,
    "nginx": nginx,
    "sshd": sshd,
    "kube-apiserver": kube_apiserver,
    "kubectl-proxy": _kubectl_proxy,
    "kubelet": kubelet,
    "kube-proxy-healthz": kube_proxy_healthz,
    "coredns": coredns,
    "nodelocaldns-health": plain_ok,
    "dns": silent,
}
