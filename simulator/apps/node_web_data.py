"""The week-8 node-web images that keep data in their pod (the course's hands-on app-1.js and app-2.js).

`whatwant/node-web:3.0` (Dockerfile-1, app-1.js): a POST's body is written to /var/data/data.txt and
answered `Data stored on pod <hostname>`; any other request is answered `You've hit <hostname> (Ver3.0)`
and `Data stored on this pod: <the file, or "No data posted yet">`.

`whatwant/node-web:4.0` (Dockerfile-2, app-2.js): a POST goes to /var/data/kubia.txt; `GET /data` is the
file alone; any other GET asks DNS for the SRV records of svc-web.default.svc.cluster.local (the name is
fixed in app-2.js) and lists what each peer's /data answers on port 8080, `- <name>: <data>`.

Where the file lives is the pod's business: a volume mounted at /var/data keeps it (an emptyDir for the
pod's life, a claim or a hostPath beyond it); otherwise it is in the container's own filesystem and goes
with the pod. The real app writes each peer's line when its answer comes back: the pod's own answer (a request to
its own address never leaves the pod's network namespace) comes first, then the others; here the
others follow in the order DNS gave them (the slides' two peers show no more than that).
"""

from __future__ import annotations

from simulator.apps.wire import HttpRequest, HttpResponse, ServerContext

DATA_FILE_3 = "/var/data/data.txt"
DATA_FILE_4 = "/var/data/kubia.txt"
SERVICE_NAME = "svc-web.default.svc.cluster.local"  # app-2.js: const serviceName
PORT = 8080
NO_DATA = "No data posted yet"


def node_web_v3(request: HttpRequest, ctx: ServerContext, hostname: str) -> HttpResponse:
    if request.method == "POST":
        store(ctx, DATA_FILE_3, request.body)
        log(ctx, "New data has been received and stored.")  # app-1.js's console.log
        return answer(ctx, request, f"Data stored on pod {hostname}\n")
    data = stored(ctx, DATA_FILE_3)
    return answer(ctx, request, f"You've hit {hostname} (Ver3.0)\nData stored on this pod: {data}\n")


def node_web_v4(request: HttpRequest, ctx: ServerContext, hostname: str) -> HttpResponse:
    if request.method == "POST":
        store(ctx, DATA_FILE_4, request.body)
        return answer(ctx, request, f"Data stored on pod {hostname}\n")
    if request.path == "/data":
        return answer(ctx, request, stored(ctx, DATA_FILE_4))
    return answer(ctx, request, f"You've hit {hostname}\nData stored in the cluster:\n" + peers(ctx))


def peers(ctx: ServerContext) -> str:
    """dns.resolveSrv, then an http.get of each peer's /data (app-2.js's handler)."""
    if ctx.pod is None:
        return "Could not look up DNS SRV records: Error: querySrv ESERVFAIL " + SERVICE_NAME
    names, error = ctx.pod.resolve_srv(SERVICE_NAME)
    if error:
        return f"Could not look up DNS SRV records: Error: querySrv {error} {SERVICE_NAME}"
    if not names:
        return "No peers discovered."
    lines = []
    for name in sorted(names, key=lambda peer: peer.split(".")[0] != hostname_of(ctx)):  # itself first
        body = ctx.pod.http_get(name, PORT, "/data")
        lines.append(f"- {name}: {body if body is not None else 'Error: connect ECONNREFUSED'}\n")
    return "".join(lines)


def hostname_of(ctx: ServerContext) -> str:
    pod = ctx.backend.pod
    return str(pod.spec.get("hostname") or pod.name) if pod is not None else ""


def store(ctx: ServerContext, path: str, body: str) -> None:
    """fs.createWriteStream(path) with the request piped in: the file is the body, replaced."""
    if ctx.pod is not None:
        ctx.pod.write_file(path, body)


def stored(ctx: ServerContext, path: str) -> str:
    """fileExists(dataFile) ? fs.readFileSync(dataFile, 'utf8') : "No data posted yet"."""
    data = ctx.pod.read_file(path) if ctx.pod is not None else None
    return NO_DATA if data is None else data


def answer(ctx: ServerContext, request: HttpRequest, body: str) -> HttpResponse:
    """response.writeHead(200) then end(): Node sends the headers first, so the body goes chunked."""
    headers = [("Date", ctx.date), ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")]
    if request.method != "HEAD":
        headers.append(("Transfer-Encoding", "chunked"))
    return HttpResponse(200, "OK", headers, body)


def log(ctx: ServerContext, line: str) -> None:
    pod = ctx.backend.pod
    if pod is not None:
        ctx.access_logs.setdefault(pod.metadata.uid, []).append(line)
