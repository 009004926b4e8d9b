"""The buffering front `make run` puts before gunicorn (deploy/buffering_front.py): requests
reach the web server only whole, so stalled clients cannot hold its threads; the forwarding
headers are the front's own; chunked, oversized and ambiguous requests are refused here.
The upstream is a one-thread HTTP server: a single stalled request would block it."""

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


class Echo(BaseHTTPRequestHandler):
    def _answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        out = json.dumps({"headers": {k.lower(): v for k, v in self.headers.items()}, "body_bytes": len(body),
                          "path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def front():
    upstream = HTTPServer(("127.0.0.1", 0), Echo)  # one thread: serves one request at a time
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = _port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "buffering_front.py"), "--bind",
                             f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{upstream.server_port}"],
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", port
    proc.terminate()
    proc.wait(10)
    upstream.shutdown()


def test_fifty_stalled_clients_leave_a_one_thread_server_free_for_a_normal_request(front):
    base, port = front
    stalled = []
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
        stalled.append(s)
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /api/v1/x/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nonly part")  # body stalls
    stalled.append(s)
    try:
        started = time.monotonic()
        answer = requests.get(base + "/login/", timeout=5)
        assert answer.status_code == 200 and answer.json()["path"] == "/login/"
        assert time.monotonic() - started < 2
    finally:
        for s in stalled:
            s.close()


def test_forwarding_headers_are_the_fronts_own_and_the_body_arrives_whole(front):
    base, _ = front
    answer = requests.post(base + "/api/v1/x/", data=b"a" * 100_000, timeout=5,
                           headers={"X-Forwarded-Proto": "https", "X-Request-ID": "chosen-by-client",
                                    "X-Forwarded-For": "203.0.113.9"}).json()
    assert answer["body_bytes"] == 100_000
    seen = answer["headers"]
    assert seen["x-forwarded-proto"] == "http"  # the client cannot claim https
    assert seen["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"  # the real peer appended last
    assert seen["x-request-id"] != "chosen-by-client" and len(seen["x-request-id"]) == 32
    assert seen["connection"] == "close"


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def test_a_chunked_body_gets_411_in_the_api_error_contract(front):
    out = _raw(front[1], b"POST /api/v1/x/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 411 ")
    assert json.loads(body)["code"] == "length_required"


def test_a_body_over_two_mebibytes_gets_413_before_it_is_read(front):
    out = _raw(front[1], b"POST /submit/ HTTP/1.1\r\nHost: a\r\nContent-Length: 3000000\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 413 ")


@pytest.mark.parametrize("request_bytes", [
    b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",  # two lengths
    b"GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n folded\r\n\r\n",  # obsolete line folding
    b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",  # space before the colon
    b"GET /\r\n\r\n",  # no version
])
def test_ambiguous_requests_are_refused_with_400(front, request_bytes):
    assert _raw(front[1], request_bytes).startswith(b"HTTP/1.1 400 ")


# Issue 16, finding 12: /metrics was served to anyone through the front, and the access log
# (gunicorn's, behind a unix socket) had no client address.

sys.path.insert(0, str(ROOT / "deploy"))
from buffering_front import metrics_allowed  # noqa: E402


def _this_hosts_outside_address() -> str | None:
    """An address of this machine other than the loopback (a UDP connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


@pytest.fixture(scope="module")
def open_front(tmp_path_factory):
    """The front on every address, with a metrics token, its stderr (access lines) kept."""
    upstream = HTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = _port()
    log = tmp_path_factory.mktemp("front") / "stderr.txt"
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "buffering_front.py"), "--bind",
                                 f"0.0.0.0:{port}", "--upstream", f"127.0.0.1:{upstream.server_port}"],
                                stderr=err, env={"KUBEGRADE_METRICS_TOKEN": "metrics-token-for-tests", "PATH": ""})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, log
    proc.terminate()
    proc.wait(10)
    upstream.shutdown()


def _status_from(address: str, port: int, request: bytes) -> int:
    with socket.create_connection((address, port), timeout=5) as s:
        s.sendall(request)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return int(out.split(b" ", 2)[1])


@pytest.mark.parametrize("target", [b"/metrics", b"/metrics?format=x", b"/%6detrics", b"http://a/metrics"])
def test_metrics_from_another_address_without_the_token_are_refused(target):
    assert not metrics_allowed(target, "192.0.2.2", [], "")
    assert not metrics_allowed(target, "192.0.2.2", [], "tok")
    assert not metrics_allowed(target, "192.0.2.2", [(b"Authorization", b"Bearer wrong")], "tok")
    assert metrics_allowed(target, "192.0.2.2", [(b"Authorization", b"Bearer tok")], "tok")
    assert metrics_allowed(target, "127.0.0.1", [], "") and metrics_allowed(target, "::1", [], "")
    assert metrics_allowed(b"/login/", "192.0.2.2", [], "")


def test_the_front_serves_metrics_to_the_loopback_or_the_token_and_logs_each_client(open_front):
    port, log = open_front
    outside = _this_hosts_outside_address()
    if outside is None:
        pytest.skip("needs a network interface other than the loopback")
    get_metrics = b"GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n"
    assert _status_from("127.0.0.1", port, get_metrics) == 200
    assert _status_from(outside, port, get_metrics) == 403
    with_token = b"GET /metrics HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer metrics-token-for-tests\r\n\r\n"
    assert _status_from(outside, port, with_token) == 200
    assert _status_from(outside, port, b"GET /login/ HTTP/1.1\r\nHost: a\r\n\r\n") == 200
    time.sleep(0.2)
    lines = [line for line in log.read_text().splitlines() if '"GET ' in line]
    assert [(line.split()[0], line.split('"')[1], line.split('"')[2].split()[0]) for line in lines] == [
        ("127.0.0.1", "GET /metrics HTTP/1.1", "200"), (outside, "GET /metrics HTTP/1.1", "403"),
        (outside, "GET /metrics HTTP/1.1", "200"), (outside, "GET /login/ HTTP/1.1", "200")]
    assert all(" rid=" in line for line in lines)
