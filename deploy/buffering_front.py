"""The buffering front `make run` and the drills put before gunicorn, where nginx is not
installed: deploy/nginx.conf's request handling, in one asyncio process of the standard library.

Why: gunicorn's gthread workers read a request in one of their threads, so a client that
sends half its headers and goes quiet holds that thread; 16 such clients stall the site.
Here each request is read whole (headers within HEADER_TIMEOUT, the body within
BODY_TIMEOUT) in an event loop, where a stalled client costs one idle socket; only then is
it sent to gunicorn, and gunicorn's answer is taken whole before it is written back, so a
slow reader never holds a gunicorn thread either. Gunicorn keeps its sync execution model
(the result page's long poll holds one thread and one database connection, as it assumes).

One request per client connection (answered with `Connection: close`); chunked bodies get
411 as Django answers them; Expect: 100-continue is answered here. The client's address is
appended to X-Forwarded-For (KUBEGRADE_TRUSTED_PROXIES=1 behind this), X-Forwarded-Proto is
`http` and X-Request-ID a fresh id, as nginx sets them. `/metrics` is answered only to the
loopback or to a request carrying KUBEGRADE_METRICS_TOKEN (deploy/nginx.conf keeps it to
internal addresses the same way); others get 403 here. One access line per request on stderr,
starting with the client's address (gunicorn's own access line, behind the unix socket, sees
only the front; the request id `rid=` joins the two).

    python deploy/buffering_front.py --bind 127.0.0.1:8000 --upstream var/web.sock
"""

import argparse
import asyncio
import datetime as dt
import hmac
import ipaddress
import json
import os
import secrets
import sys
import time
from urllib.parse import unquote, urlsplit

HEADER_TIMEOUT = 10.0  # nginx client_header_timeout
BODY_TIMEOUT = 20.0  # nginx client_body_timeout (here for the whole body)
SEND_TIMEOUT = 30.0  # nginx send_timeout
UPSTREAM_READ_TIMEOUT = 60.0  # nginx proxy_read_timeout; the result page's long poll waits 25 s
UPSTREAM_CONNECT_WAIT = 15.0  # gunicorn may still be starting when honcho starts both
MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 2 * 1024 * 1024  # nginx client_max_body_size; Django refuses past 1 MiB with 413
# Set here, never taken from the client.
REPLACED = {b"connection", b"keep-alive", b"proxy-connection", b"te", b"upgrade", b"expect",
            b"x-forwarded-proto", b"x-request-id", b"x-forwarded-for"}


class BadRequest(Exception):
    def __init__(self, status: int, reason: str, detail: str):
        super().__init__(detail)
        self.status, self.reason, self.detail = status, reason, detail


def error_response(err: BadRequest, path: bytes) -> bytes:
    """A refusal in the site's own shapes: JSON {code, detail} under /api/, plain text elsewhere."""
    if path.startswith(b"/api/"):
        code = err.reason.lower().replace(" ", "_")
        body, ctype = json.dumps({"code": code, "detail": err.detail}).encode(), b"application/json"
    else:
        body, ctype = err.detail.encode() + b"\n", b"text/plain; charset=utf-8"
    head = (f"HTTP/1.1 {err.status} {err.reason}\r\nContent-Type: {ctype.decode()}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    return head.encode() + body


def parse_head(head: bytes) -> tuple[bytes, bytes, list[tuple[bytes, bytes]]]:
    """(request line, path, headers) of a request head; BadRequest for anything ambiguous
    (the smuggling shapes: folded lines, spaces before the colon, two lengths)."""
    lines = head[:-4].split(b"\r\n")
    request_line = lines[0]
    parts = request_line.split(b" ")
    if len(parts) != 3 or not parts[2].startswith(b"HTTP/1.") or not parts[0].isalpha():
        raise BadRequest(400, "Bad Request", "Malformed request line.")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip() or b"\n" in line or b"\r" in line:
            raise BadRequest(400, "Bad Request", "Malformed header line.")
        headers.append((name, value.strip()))
    return request_line, parts[1], headers


def body_length(headers: list[tuple[bytes, bytes]]) -> int:
    names = [n.lower() for n, _ in headers]
    if b"transfer-encoding" in names:
        raise BadRequest(411, "Length Required", "A chunked request body is not accepted: send Content-Length.")
    lengths = {v for n, v in headers if n.lower() == b"content-length"}
    if len(lengths) > 1:
        raise BadRequest(400, "Bad Request", "Conflicting Content-Length headers.")
    if not lengths:
        return 0
    value = lengths.pop()
    if not value.isdigit():
        raise BadRequest(400, "Bad Request", "Malformed Content-Length.")
    if int(value) > MAX_BODY_BYTES:
        raise BadRequest(413, "Request Entity Too Large", f"Request body larger than {MAX_BODY_BYTES} bytes.")
    return int(value)


def target_path(target: bytes) -> str:
    """The path Django will route a request target to: absolute-form reduced to its path,
    the query dropped, percent-escapes decoded (`/%6detrics` is `/metrics` to Django)."""
    text = target.decode("latin-1")
    if text.lower().startswith(("http://", "https://")):
        text = urlsplit(text).path or "/"
    return unquote(text.split("?", 1)[0])


def metrics_allowed(target: bytes, client: str, headers: list[tuple[bytes, bytes]], token: str) -> bool:
    """Whether a request may reach `/metrics`: anything else may; `/metrics` from the loopback,
    or with `Authorization: Bearer <KUBEGRADE_METRICS_TOKEN>` when a token is set."""
    if target_path(target) != "/metrics":
        return True
    try:
        if ipaddress.ip_address(client.split("%")[0]).is_loopback:
            return True
    except ValueError:
        pass
    offered = b"".join(v for n, v in headers if n.lower() == b"authorization").removeprefix(b"Bearer ")
    return bool(token) and hmac.compare_digest(offered, token.encode())


def access_line(client: str, request_line: bytes, answer: bytes, started: float, request_id: bytes) -> str:
    """One access line: client address first, as nginx's combined format."""
    status = answer.split(b" ", 2)[1].decode("latin-1", "replace") if answer.count(b" ") >= 2 else "-"
    when = dt.datetime.now(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    took = round((time.monotonic() - started) * 1000)
    line = request_line.decode("latin-1", "replace")
    return f'{client} - - [{when}] "{line}" {status} {len(answer)} {took}ms rid={request_id.decode() or "-"}'


class Front:
    def __init__(self, upstream: str, metrics_token: str = ""):
        self.upstream = upstream
        self.metrics_token = metrics_token

    async def open_upstream(self):
        deadline = asyncio.get_running_loop().time() + UPSTREAM_CONNECT_WAIT
        while True:
            try:
                if ":" in self.upstream and not self.upstream.startswith("/"):
                    host, port = self.upstream.rsplit(":", 1)
                    return await asyncio.open_connection(host, int(port))
                return await asyncio.open_unix_connection(self.upstream)
            except OSError:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.2)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        path, request_line, request_id, answer = b"", b"-", b"", b""
        started = time.monotonic()
        peer = writer.get_extra_info("peername")
        client = peer[0] if isinstance(peer, tuple) else "127.0.0.1"
        try:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEADER_TIMEOUT)
            except asyncio.LimitOverrunError:
                raise BadRequest(431, "Request Header Fields Too Large", "Request headers too large.")
            request_line, path, headers = parse_head(head)
            length = body_length(headers)
            if not metrics_allowed(path, client, headers, self.metrics_token):
                raise BadRequest(403, "Forbidden", "Metrics are served to the loopback or with the metrics token.")
            if any(n.lower() == b"expect" and v.lower() == b"100-continue" for n, v in headers):
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = await asyncio.wait_for(reader.readexactly(length), BODY_TIMEOUT) if length else b""
            request_id = secrets.token_hex(16).encode()
            forwarded = [v for n, v in headers if n.lower() == b"x-forwarded-for"]
            kept = [(n, v) for n, v in headers if n.lower() not in REPLACED]
            kept += [(b"Connection", b"close"), (b"X-Forwarded-Proto", b"http"),
                     (b"X-Request-ID", request_id),
                     (b"X-Forwarded-For", b", ".join([*forwarded, client.encode()]))]
            request = request_line + b"\r\n" + b"".join(n + b": " + v + b"\r\n" for n, v in kept) + b"\r\n" + body
            try:
                answer = await self.relay(request)
            except asyncio.TimeoutError:
                raise BadRequest(504, "Gateway Timeout", "The web server did not answer in time.")
            except OSError:
                raise BadRequest(502, "Bad Gateway", "The web server is not answering.")
            writer.write(answer)
        except BadRequest as err:
            answer = error_response(err, path)
            writer.write(answer)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            pass  # a client that stalls or leaves is dropped, as nginx drops it
        if answer:
            print(access_line(client, request_line, answer, started, request_id), file=sys.stderr, flush=True)
        try:
            await asyncio.wait_for(writer.drain(), SEND_TIMEOUT)
        except (asyncio.TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def relay(self, request: bytes) -> bytes:
        """gunicorn's whole answer to one request (it closes the connection after it)."""
        up_reader, up_writer = await self.open_upstream()
        try:
            up_writer.write(request)
            await up_writer.drain()
            chunks = []
            while chunk := await asyncio.wait_for(up_reader.read(65536), UPSTREAM_READ_TIMEOUT):
                chunks.append(chunk)
            if not chunks:
                raise ConnectionResetError("empty answer")
            return b"".join(chunks)
        finally:
            up_writer.close()


async def serve(bind: str, upstream: str) -> None:
    host, port = bind.rsplit(":", 1)
    front = Front(upstream, metrics_token=os.environ.get("KUBEGRADE_METRICS_TOKEN", ""))
    server = await asyncio.start_server(front.handle, host, int(port), limit=MAX_HEADER_BYTES,
                                        backlog=1024)
    print(f"buffering front on http://{bind}/ before {upstream}", file=sys.stderr, flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description="Buffering front before gunicorn (nginx's role, for make run).")
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--upstream", required=True, help="gunicorn's unix socket path, or host:port")
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.bind, args.upstream))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
