"""curl: fetch URLs through the simulated cluster, writing what the real curl writes.

    curl http://10.233.53.193              -> You've hit rs-web-22d9l
    curl http://10.233.53.193  (remote)    -> hangs 127 s, then curl: (28) Failed to connect to ... timed out
    curl -s http://svc-web.default.svc.cluster   -> exit 6, nothing printed

Exit codes and texts follow the version in use (`curl_output.version_for`): 7.68.0 on
the nodes and the workstation, the image's own curl in a pod. Timeouts: `-m` and
`--connect-timeout` cut a hanging connect at `Connection timed out after N
milliseconds` (28); without them the kernel gives up after 127 s (fact sheet §7).
The simulated clock moves by the time curl would take.

The progress meter is written to stderr unless `-s`, and only when stdout is not a
terminal or the body goes to a file (`-o`), as `src/tool_operate.c` decides.
`--resolve host:port:addr` pins a name to an address without asking DNS (the Host header keeps
the name: how the course reaches an Ingress's host on a node).
Not modelled: cookies, uploads (`-T`, `-F`), proxies, IPv6, `-w` variables
beyond the common ones, HTTP/0.9 bodies other than an SSH banner.
"""

from __future__ import annotations

from simulator.apps.http import HttpRequest
from simulator.apps.tls import tls_server
from simulator.network.transfer import URLError, exchange, follow, parse_url, resolve
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.tools import curl_output as out
from simulator.tools.curl_options import CurlOptions, UsageError, parse, pinned_addresses
from simulator.shell.mounts import read_anywhere as read_file  # a pod's volumes too (the token volume's ca.crt)
from simulator.tools.request_record import RequestRecord

REDIRECTS = (301, 302, 303, 307, 308)
SHORT_HELP = ("Usage: curl [options...] <url>\n     --abstract-unix-socket <path> Connect via abstract Unix domain socket\n"
              "...\n -v, --verbose       Make the operation more talkative\n -V, --version       Show version number "
              "and quit\n")


@program("curl")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    version = out.version_for(ctx.store, ctx.vantage)
    try:
        options = parse(argv[1:])
    except UsageError as error:
        return ToolResult(exit_code=2).err(f"curl: {error}\n{out.TRY_HELP}")
    if options.version:
        return ToolResult().out(out.version_banner(version))
    if options.help:
        return ToolResult().out(SHORT_HELP)
    if not options.urls:
        return ToolResult(exit_code=2).err(f"curl: no URL specified!\n{out.TRY_HELP}")
    session = CurlSession(ctx, options, version)
    for url in options.urls:
        session.fetch(url)
    return session.result


class Failure(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class CurlSession:
    """One curl process: its options, output streams, and connection counter."""

    def __init__(self, ctx: ExecContext, options: CurlOptions, version: out.CurlVersion) -> None:
        self.ctx, self.options, self.version = ctx, options, version
        self.result = ToolResult()
        self.rng = ctx.random("curl")
        self.handle = f"{0x550000000000 | self.rng.getrandbits(40):x}"
        self.connections = 0
        self.meter = not options.silent and (not ctx.tty or options.output is not None)
        self.loud = not options.silent or options.show_error

    # streams ------------------------------------------------------------------
    def say(self, text: str) -> None:
        if self.options.verbose and text:
            self.result.err(text)

    def spend(self, seconds: float) -> None:
        self.elapsed += seconds
        if seconds > 0:
            self.ctx.elapse(seconds)

    # one URL ------------------------------------------------------------------
    def fetch(self, text: str) -> None:
        self.elapsed, self.received, self.expected, self.response, self.last_ip = 0.0, 0, None, None, ""
        options, self.url_exit = self.options, 0
        self.record = RequestRecord(text, referer=options.referer, user_agent=options.user_agent,
                                    headers=options.headers, data=options.data, method=options.method,
                                    insecure=str(options.insecure).lower(), cacert=options.cacert or "")
        try:
            self.transfer(text)
        finally:
            self.record.save(self.ctx, self.url_exit)

    def transfer(self, text: str) -> None:
        try:
            url = parse_url(text)
        except URLError as error:
            return self.finish(Failure(error.code, error.message), meter=False)
        if self.meter:
            self.result.err(out.meter_start())
        try:
            self.follow_redirects(url)
        except Failure as failure:
            return self.finish(failure)
        self.finish(None)

    def follow_redirects(self, url) -> None:
        redirects = 0
        while True:
            response = self.fetch_one(url)
            location = response.header("Location")
            if not (self.options.location and response.status in REDIRECTS and location):
                return
            redirects += 1
            if redirects > self.options.max_redirs:
                raise Failure(47, f"Maximum ({self.options.max_redirs}) redirects followed")
            url = follow(url, location)
            self.say(f"* Issue another request to this URL: '{url}'\n")

    def fetch_one(self, url):
        self.record.pointed_at(url)
        ip = self.resolve(url)
        request = self.build_request(url)
        self.say(out.trying(self.version, ip, url.port, self.handle))
        ex = exchange(self.ctx, self.ctx.vantage, ip, url, request, self.options.insecure,
                      self.version.openssl3, not self.options.http1, self.trusts_cluster_ca())
        self.record.connected(ex.connection)
        self.record.answered(ex.response)
        if not ex.connection.connected:
            self.connect_failed(url, ip, ex.connection)
        self.number = self.connections
        self.connections += 1
        self.say(f"* Connected to {url.host} ({ip}) port {url.port} (#{self.number})\n")
        if url.scheme == "https":
            self.tls(url, ex)
        return self.receive(url, ex)

    def resolve(self, url) -> str:
        pinned = pinned_addresses(self.options.resolve, url.host, url.port)
        if pinned:  # libcurl 7.68 hostip.c: the entry is loaded before the transfer, then found
            self.say(f"* Added {url.host}:{url.port}:{','.join(pinned)} to DNS cache\n")
            self.say(f"* Hostname {url.host} was found in DNS cache\n")
            self.record.resolved(pinned)
            self.last_ip = pinned[0]
            return pinned[0]
        resolution = resolve(self.ctx.dns, self.ctx.vantage, url.host)
        limit = self.options.max_time
        if limit is not None and resolution.seconds > limit:
            self.wait(limit)
            raise Failure(28, f"Resolving timed out after {int(limit * 1000) + 1} milliseconds")
        self.wait(resolution.seconds)
        self.record.resolved(resolution.addresses)
        if not resolution.addresses:
            raise Failure(6, f"Could not resolve host: {url.host}")
        self.last_ip = resolution.addresses[0]
        return resolution.addresses[0]

    def build_request(self, url) -> HttpRequest:
        options = self.options
        method = options.method or ("HEAD" if options.head else "POST" if options.data else "GET")
        headers = [("Host", url.host_header), ("User-Agent", options.user_agent or f"curl/{self.version.version}"),
                   ("Accept", "*/*")]
        if options.referer:
            headers.append(("Referer", options.referer))
        body = "&".join(options.data)
        if options.data:
            headers += [("Content-Length", str(len(body.encode()))),
                        ("Content-Type", "application/x-www-form-urlencoded")]
        for line in options.headers:
            headers = _custom_header(headers, line)
        host = next((v for k, v in headers if k.lower() == "host"), "")
        self.record.fields["host_header"] = host.rsplit(":", 1)[0] if host.rsplit(":", 1)[-1].isdigit() else host
        return HttpRequest(method, url.path, headers, body)

    def trusts_cluster_ca(self) -> bool:
        """`--cacert FILE` or `CURL_CA_BUNDLE=FILE` naming a file that holds the cluster's CA certificate."""
        from simulator.controllers.serviceaccounts import cluster_ca_pem

        env = getattr(self.ctx.shell, "env", None) or {}
        bundle = self.options.cacert or env.get("CURL_CA_BUNDLE")
        return bool(bundle) and cluster_ca_pem() in (read_file(self.ctx, bundle) or "")

    def connect_failed(self, url, ip: str, connection) -> None:
        limits = [t for t in (self.options.connect_timeout, self.options.max_time) if t is not None]
        limit = min(limits) - self.elapsed if limits else None
        if limit is not None and limit < connection.elapsed:
            self.wait(max(limit, 0))
            raise Failure(28, f"Connection timed out after {int(max(limit, 0) * 1000) + 1} milliseconds")
        waited_ms = int(connection.elapsed * 1000)
        if connection.outcome == "timeout":
            waited_ms += self.rng.randint(20, 400)
        self.wait(waited_ms / 1000)
        self.say(f"* connect to {ip} port {url.port} failed: {connection.error}\n")
        message = out.connect_failure(self.version, url.host, url.port, connection.error, max(waited_ms, 1))
        raise Failure(self.version.timeout_exit if connection.outcome == "timeout" else 7, message)

    def wait(self, seconds: float) -> None:
        """Time with nothing arriving: the meter prints a line for every second that passes."""
        if self.meter:
            self.result.err(out.meter_waiting(self.elapsed, self.elapsed + seconds))
        self.spend(seconds)

    def tls(self, url, ex) -> None:
        backend = ex.connection.backend
        server = tls_server(backend.app, backend.port)
        hs = ex.handshake
        self.say(out.tls_lines(self.version, server if hs.ok or hs.code == 60 else None, url.host,
                               self.options.insecure, ex.http2, self.handle))
        self.spend(self.rng.uniform(0.02, 0.06) if backend.kind == "public" else 0.004)
        if not hs.ok:
            raise Failure(hs.code, hs.message)

    def receive(self, url, ex):
        response, request = ex.response, ex.request
        self.spend(self.transfer_seconds(ex.connection))
        if response.raw is not None:
            return self.not_http(response)
        self.say(out.request_lines(request.method, request.path, request.version, _shown(request), request.body))
        if response.version != "HTTP/2":
            self.say("* Mark bundle as not supporting multiuse\n")
        self.say("".join(f"< {line}\r\n" for line in out.header_block(response).split("\r\n")[:-1]))
        if response.version == "HTTP/1.0":
            self.say("* HTTP 1.0, assume close after body\n")
        self.response = response
        if self.options.include or self.options.head or self.options.dump_header == "-":
            self.write(out.header_block(response))
        self.body(url, request, response)
        return response

    def body(self, url, request, response) -> None:
        length = response.header("Content-Length")
        self.expected = int(length) if length and length.isdigit() else None
        redirecting = self.options.location and response.status in REDIRECTS and response.header("Location")
        failing = self.options.fail and response.status >= 400
        if failing:
            raise Failure(22, out.fail_message(self.version, response.status, response.reason))
        if request.method != "HEAD" and not redirecting:
            self.received += len(response.body.encode())
            self.write(response.body)
        elif redirecting and response.body:
            self.say("* Ignoring the response-body\n")
        closing = response.version == "HTTP/1.0" or (response.header("Connection") or "").lower() == "close"
        self.say(f"* Closing connection {self.number}\n" if closing else
                 f"* Connection #{self.number} to host {url.host} left intact\n")

    def not_http(self, response):
        if response.raw == "":
            raise Failure(52, "Empty reply from server")
        if not self.version.http09_allowed:
            raise Failure(1, "Received HTTP/0.9 when not allowed")
        self.received += len(response.raw.encode())
        self.write(response.raw)
        self.say(f"* Closing connection {self.number}\n")
        return response

    def transfer_seconds(self, connection) -> float:
        if connection.backend.kind == "public":
            return self.rng.uniform(0.035, 0.09)
        return self.rng.uniform(0.0015, 0.004) if self.ctx.vantage.in_cluster else self.rng.uniform(0.002, 0.006)

    def write(self, text: str) -> None:
        target = self.options.output
        if target is None or target == "-":
            self.result.out(text)
        elif target != "/dev/null" and self.ctx.vantage.kind == "pod":
            _write_pod_file(self.ctx, target, text)

    # the end of a URL ---------------------------------------------------------
    def finish(self, failure: Failure | None, meter: bool = True) -> None:
        self.url_exit = failure.code if failure is not None else 0
        if failure is not None and meter:
            self.say(f"* {failure.message}\n* Closing connection {max(self.connections - 1, 0)}\n")
        if self.meter and meter:
            self.result.err(out.meter_end(self.received, self.expected, max(int(self.elapsed * 1000), 1)))
        if self.options.write_out is not None:
            self.result.out(_write_out(self.options.write_out, self, failure))
        if failure is None:
            return
        self.result.exit_code = failure.code
        if self.loud:
            self.result.err(f"curl: ({failure.code}) {failure.message}\n")
            if failure.code == 60:
                self.result.err(out.certificate_help(self.version))


def _custom_header(headers: list[tuple[str, str]], line: str) -> list[tuple[str, str]]:
    """-H: replace a header curl would send, remove it with `Name:`, or add a new one."""
    if ":" not in line:
        if line.endswith(";"):
            return headers + [(line[:-1], "")]
        return headers
    name, value = line.split(":", 1)
    name, value = name.strip(), value.strip()
    kept = [(k, v) for k, v in headers if k.lower() != name.lower()]
    if not value:
        return kept
    for index, (key, _) in enumerate(headers):
        if key.lower() == name.lower():
            return kept[:index] + [(name, value)] + kept[index:]
    return headers + [(name, value)]


def _shown(request: HttpRequest) -> list[tuple[str, str]]:
    """Over HTTP/2 curl sends the headers it generates itself in lower case."""
    if request.version != "HTTP/2":
        return request.headers
    return [(k.lower() if k in ("User-Agent", "Accept") else k, v) for k, v in request.headers]


def _write_pod_file(ctx: ExecContext, path: str, text: str) -> None:
    from simulator.registry.kinds import by_kind

    pod = ctx.store.find(by_kind("Pod"), ctx.vantage.namespace, ctx.vantage.name)
    if pod is not None:
        absolute = path if path.startswith("/") else f"/{path}"
        files = ctx.machines.pod_files.setdefault(pod.metadata.uid, {})
        files[absolute] = files.get(absolute, "") + text


def _write_out(template: str, session: CurlSession, failure: Failure | None) -> str:
    response = session.response
    values = {
        "http_code": f"{response.status:03d}" if response else "000",
        "response_code": f"{response.status:03d}" if response else "000",
        "time_total": f"{session.elapsed:.6f}",
        "remote_ip": session.last_ip if response else "",
        "size_download": str(session.received),
        "content_type": (response.header("Content-Type") or "") if response else "",
        "exitcode": str(failure.code if failure else 0),
    }
    text = template.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r")
    for key, value in values.items():
        text = text.replace("%{" + key + "}", value)
    return text
