"""wget: busybox's in busybox pods, GNU Wget 1.20.3 on the Ubuntu nodes and the workstation.

busybox (1.35 in `busybox:latest` of August 2022; 1.28 prints no `saving to` or `saved`
lines), as public transcripts show it:

    Connecting to webserver (10.102.70.69:80)
    saving to 'index.html'
    index.html           100% |********************************|   615  0:00:00 ETA
    'index.html' saved

It follows redirects, never overwrites a file (`can't open 'index.html': File exists`),
and does not check TLS certificates (`wget: note: TLS certificate validation not
implemented`). GNU Wget prints its `--date--  url` / `Connecting to ...` dialogue and
retries a failed connection (20 tries by default, each a full kernel timeout).

Not modelled: GNU Wget's dot progress for a non-terminal stderr (the bar is printed
always), recursion, `--post-data`, cookies.
"""

from __future__ import annotations

import datetime as dt
import posixpath

from simulator.apps.http import HttpRequest
from simulator.network.transfer import URLError, exchange, follow, parse_url, resolve
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.tools.request_record import RequestRecord

MAX_REDIRECTS = 20
LSQ, RSQ = "\u2018", "\u2019"


@program("wget")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    version = _busybox_version(ctx)
    options, error = _parse(argv[1:])
    if error:
        return ToolResult(exit_code=1).err(error)
    if not options["urls"]:
        if version:
            return ToolResult(exit_code=1).err("BusyBox v1.35.0 (2022-08-01 15:14:44 UTC) multi-call binary.\n\n"
                                               "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
                                               "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
                                               "\t[-P DIR] [-U AGENT] [-T SEC] URL...\n")
        return ToolResult(exit_code=1).err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                                           "Try `wget --help' for more options.\n")
    getter = BusyboxWget(ctx, options, version) if version else GnuWget(ctx, options)
    for url in options["urls"]:
        getter.record = RequestRecord(url, headers=options["headers"], user_agent=options["user_agent"], method="HEAD" if options["spider"] else "GET")
        done = getter.get(url)
        getter.record.save(ctx, 0 if done else getter.result.exit_code)
        if not done:
            break
    return getter.result


def _parse(args: list[str]) -> tuple[dict, str]:
    options = {"urls": [], "quiet": False, "output": None, "headers": [], "timeout": None, "tries": 20,
               "server_response": False, "spider": False, "user_agent": None}
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word in ("-q", "--quiet"):
            options["quiet"] = True
        elif word in ("-S", "--server-response"):
            options["server_response"] = True
        elif word == "--spider":
            options["spider"] = True
        elif word.startswith("-O") or word.startswith("-T") or word.startswith("-t") or word in ("--header", "-U"):
            value = word[2:] if word[:2] in ("-O", "-T", "-t") and len(word) > 2 else (args[index] if index < len(args) else None)
            if value is None:
                return options, f"wget: option requires an argument -- '{word[1:2]}'\n"
            index += 0 if word[:2] in ("-O", "-T", "-t") and len(word) > 2 else 1
            key = {"-O": "output", "-T": "timeout", "-t": "tries"}.get(word[:2])
            if key == "output":
                options["output"] = value
            elif key in ("timeout", "tries"):
                options[key] = float(value) if key == "timeout" else int(value)
            elif word == "--header":
                options["headers"].append(value)
            else:
                options["user_agent"] = value
        elif word.startswith("-qO") or word.startswith("-Oq"):
            options["quiet"] = True
            options["output"] = word[3:] or (args[index] if index < len(args) else "-")
            index += 0 if word[3:] else 1
        elif word.startswith("-"):
            return options, f"wget: unrecognized option '{word}'\n"
        else:
            options["urls"].append(word)
    return options, ""


class Getter:
    """What both wgets share: one exchange, following redirects, and where the body goes."""

    def __init__(self, ctx: ExecContext, options: dict) -> None:
        self.ctx, self.options = ctx, options
        self.result = ToolResult()
        self.record = RequestRecord("")

    def exchange(self, url, ip: str, request: HttpRequest, **tls):
        """One request, noted in the record: where it went and what came back."""
        ex = exchange(self.ctx, self.ctx.vantage, ip, url, request, **tls)
        self.record.connected(ex.connection)
        self.record.answered(ex.response)
        return ex

    def resolve(self, url):
        self.record.pointed_at(url)
        resolution = resolve(self.ctx.dns, self.ctx.vantage, url.host)
        self.record.resolved(resolution.addresses)
        return resolution

    def say(self, text: str) -> None:
        if not self.options["quiet"]:
            self.result.err(text)

    def request(self, url, user_agent: str) -> HttpRequest:
        headers = [("Host", url.host_header), ("User-Agent", self.options["user_agent"] or user_agent)]
        for line in self.options["headers"]:
            name, _, value = line.partition(":")
            headers = [(k, v) for k, v in headers if k.lower() != name.strip().lower()] + [(name.strip(), value.strip())]
        return HttpRequest("HEAD" if self.options["spider"] else "GET", url.path, headers)

    def file_name(self, url) -> str:
        output = self.options["output"]
        return output or posixpath.basename(url.path.split("?")[0]) or "index.html"

    def save(self, name: str, body: str) -> None:
        if name == "-":
            self.result.out(body)
        elif self.ctx.vantage.kind == "pod":
            from simulator.registry.kinds import by_kind

            pod = self.ctx.store.find(by_kind("Pod"), self.ctx.vantage.namespace, self.ctx.vantage.name)
            if pod is not None:
                self.ctx.machines.pod_files.setdefault(pod.metadata.uid, {})[_absolute(name)] = body

    def exists(self, name: str) -> bool:
        if name == "-" or self.ctx.vantage.kind != "pod":
            return False
        from simulator.registry.kinds import by_kind

        pod = self.ctx.store.find(by_kind("Pod"), self.ctx.vantage.namespace, self.ctx.vantage.name)
        return pod is not None and _absolute(name) in self.ctx.machines.pod_files.get(pod.metadata.uid, {})

    def wait(self, seconds: float) -> None:
        self.ctx.elapse(seconds)


class BusyboxWget(Getter):
    def __init__(self, ctx: ExecContext, options: dict, version: str) -> None:
        super().__init__(ctx, options)
        self.version = version

    def fail(self, message: str) -> bool:
        self.result.err(f"wget: {message}\n")
        self.result.exit_code = 1
        return False

    def get(self, text: str) -> bool:
        try:
            url = parse_url(text)
        except URLError:
            return self.fail(f"not an http or ftp url: {text}")
        for _ in range(MAX_REDIRECTS):
            resolution = self.resolve(url)
            self.wait(resolution.seconds)
            if not resolution.addresses:
                return self.fail(f"bad address '{url.host}'")
            ip = resolution.addresses[0]
            self.say(f"Connecting to {_typed_host(text, url)} ({ip}:{url.port})\n")
            ex = self.exchange(url, ip, self.request(url, "Wget"), insecure=True, http2=False)
            if not ex.connection.connected:
                return self.connect_failed(ip, ex.connection)
            if url.scheme == "https" and self.version >= "1.30":
                self.say("wget: note: TLS certificate validation not implemented\n")
            if ex.handshake is not None and not ex.handshake.ok:
                return self.fail("error getting response: Connection reset by peer")
            response = ex.response
            if response.raw is not None:
                return self.fail("error getting response" if response.raw == "" else "server returned error: " +
                                 response.raw.split("\r\n")[0])
            if response.status in (301, 302, 303, 307, 308) and response.header("Location"):
                url = follow(url, response.header("Location"))
                text = str(url)
                continue
            if response.status >= 400:
                return self.fail(f"server returned error: {response.version} {response.status} {response.reason}")
            return self.saved(url, response)
        return self.fail("too many redirections")

    def connect_failed(self, ip: str, connection) -> bool:
        limit = self.options["timeout"]
        if limit is not None and limit < connection.elapsed:
            self.wait(limit)
            return self.fail("download timed out")
        self.wait(connection.elapsed)
        return self.fail(f"can't connect to remote host ({ip}): {connection.error}")

    def saved(self, url, response) -> bool:
        if self.options["spider"]:
            self.say("remote file exists\n")
            return True
        name = self.file_name(url)
        if self.exists(name):
            return self.fail(f"can't open '{name}': File exists")
        size = len(response.body.encode())
        shown = "-" if name == "-" else name
        if self.version >= "1.30":
            self.say("writing to stdout\n" if name == "-" else f"saving to '{name}'\n")
        self.save(name, response.body)
        if self.version >= "1.30":
            self.say(f"{shown:<20.20}{100:4d}% |{'*' * 32}|{size:>6}  0:00:00 ETA\n")
            self.say("written to stdout\n" if name == "-" else f"'{name}' saved\n")
        else:
            self.say(f"{shown:<20.20}{100:4d}% |{'*' * 31}|{size:>6}   0:00:00 ETA\n")
        return True


class GnuWget(Getter):
    """GNU Wget 1.20.3 (Ubuntu 20.04)."""

    def get(self, text: str) -> bool:
        try:
            url = parse_url(text)
        except URLError:
            self.result.err(f"{text}: Unsupported scheme.\n")
            self.result.exit_code = 1
            return False
        for _ in range(MAX_REDIRECTS):
            outcome = self.get_one(url)
            if not isinstance(outcome, str):
                return outcome
            url = follow(url, outcome)
        self.say(f"{MAX_REDIRECTS} redirections exceeded.\n")
        self.result.exit_code = 8
        return False

    def get_one(self, url):
        """True or False when done, or the Location to follow."""
        self.say(f"--{self._now()}--  {url}\n")
        resolution = self.resolve(url)
        self.wait(resolution.seconds)
        literal = resolution.addresses == [url.host]
        if not literal:
            found = ", ".join(resolution.addresses) if resolution.addresses else "failed: Name or service not known."
            self.say(f"Resolving {url.host} ({url.host})... {found}\n")
        if not resolution.addresses:
            self.result.err(f"wget: unable to resolve host address {LSQ}{url.host}{RSQ}\n")
            self.result.exit_code = 4
            return False
        ip = resolution.addresses[0]
        where = f"{url.host}:{url.port}" if literal else f"{url.host} ({url.host})|{ip}|:{url.port}"
        return self.attempt(url, ip, where)

    def attempt(self, url, ip: str, where: str) -> bool:
        for attempt in range(1, self.options["tries"] + 1):
            if attempt > 1:
                self.say(f"--{self._now()}--  (try:{attempt:2d})  {url}\n")
            self.say(f"Connecting to {where}... ")
            ex = self.exchange(url, ip, self.request(url, "Wget/1.20.3 (linux-gnu)"), http2=False)
            connection = ex.connection
            if connection.connected:
                return self.received(url, ex)
            limit = self.options["timeout"]
            self.wait(min(limit, connection.elapsed) if limit else connection.elapsed)
            self.say(f"failed: {connection.error}.\n")
            if connection.outcome == "refused":
                self.result.exit_code = 4
                return False
            self.say("Retrying.\n\n")
            self.wait(min(attempt, 10))
        self.result.exit_code = 4
        return False

    def received(self, url, ex) -> bool:
        self.say("connected.\n")
        response = ex.response
        if response is None or response.raw is not None:
            self.say("HTTP request sent, awaiting response... No data received.\nRetrying.\n\n")
            self.result.exit_code = 4
            return False
        self.say(f"HTTP request sent, awaiting response... {response.status} {response.reason}\n")
        if response.status >= 400:
            self.say(f"{self._now()} ERROR {response.status}: {response.reason}.\n\n")
            self.result.exit_code = 8
            return False
        location = response.header("Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            self.say(f"Location: {location} [following]\n")
            return location
        length = response.header("Content-Length")
        kind = response.header("Content-Type")
        self.say(f"Length: {length} [{kind}]\n" if length and kind else f"Length: {length or 'unspecified'}\n")
        name = self.file_name(url)
        size = len(response.body.encode())
        self.say("Saving to: " + (f"{LSQ}STDOUT{RSQ}\n\n" if name == "-" else f"{LSQ}{name}{RSQ}\n\n"))
        self.save(name, response.body)
        bar = "100%[===================>]" if length else "    [ <=>                ]"
        self.say(f"{name:<20}{bar} {size:>7,}  --.-KB/s    in 0s      \n\n")
        saved = f"[{size}/{length}]" if length else f"[{size}]"
        target = f"written to stdout {saved}" if name == "-" else f"{LSQ}{name}{RSQ} saved {saved}"
        self.say(f"{self._now()} (1.53 MB/s) - {target}\n\n")
        return True

    def _now(self) -> str:
        return dt.datetime.fromtimestamp(int(self.ctx.clock.now()), tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _busybox_version(ctx: ExecContext) -> str:
    """The busybox release of the pod's image ("1.35", "1.28"), or "" for GNU Wget."""
    if ctx.vantage.kind != "pod":
        return ""
    from simulator.registry.kinds import by_kind

    pod = ctx.store.find(by_kind("Pod"), ctx.vantage.namespace, ctx.vantage.name)
    for container in (pod.spec.get("containers") or []) if pod else []:
        image = str(container.get("image") or "")
        repository, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "latest")
        if repository.rsplit("/", 1)[-1] == "busybox":
            return tag if tag[:1].isdigit() else "1.35"
    return "1.35"


def _typed_host(text: str, url) -> str:
    """busybox names the server as the URL spelled it, port included (`hooked:80`)."""
    rest = text.split("://", 1)[-1]
    typed = rest.split("/", 1)[0].split("?", 1)[0]
    return typed if typed.split(":")[0].lower() == url.host else url.host_header


def _absolute(name: str) -> str:
    return name if name.startswith("/") else f"/{name}"
