"""`python -m simulator serve`: one simulated cluster's API on a loopback port, for a real kubectl.

    python -m simulator serve --port 6443 --kubeconfig ./sim.kubeconfig [--plain-http] [--seed N]
    kubectl --kubeconfig ./sim.kubeconfig get pods

HTTPS by default, with a CA and a server certificate for 127.0.0.1 generated at start (the
kubeconfig carries the CA); `--plain-http` serves HTTP and the kubeconfig says `http://`. The
kubeconfig's user is the admin, by a bearer token made for this run (service-account tokens
of the cluster work too, as on the API server). client-go sends no credentials over plain HTTP
(`clientcmd` reads the user's only for a TLS transport), so with `--plain-http` a request
without an Authorization header is the admin, as the API server's old insecure port on
localhost was. Requests go to `http_api.ApiServer` one at a
time (the cluster is one object), and the cluster settles after every write so controllers act
as they do between command lines.

Bounds: a request body over 3 MiB is refused (413, as the API server does); each client
address gets `rate` requests per second with a burst of twice that (429 with `Retry-After`);
a response over 4 MiB is cut to a 500 Status; a request line or header block over 64 KiB
closes the connection; the server binds loopback only.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from simulator.apiserver.authn import ADMIN
from simulator.apiserver.http_api import MAX_BODY_BYTES, ApiServer, status_body
from simulator.apiserver.wire_json import compact

MAX_RESPONSE_BYTES = 4 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class RateLimiter:
    """A token bucket per client address."""

    def __init__(self, rate: float) -> None:
        self.rate, self.burst = rate, max(1.0, 2 * rate)
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return False
        self.buckets[client] = (tokens - 1, now)
        return True


def admin_request(cluster, api: ApiServer, method: str, target: str, headers: list[tuple[str, str]], body: str,
                  user=ADMIN) -> tuple[int, str, str, list[tuple[str, str]]]:
    """One request as `user` (the admin by default; None: by its own credentials), the cluster
    settling after a write as it does between command lines; an answer over 4 MiB is a 500 Status."""
    result = api.handle(method, target, headers, body, user=user)
    if method in WRITES and result.status < 300:
        cluster.settle()
    if len(result.body.encode()) > MAX_RESPONSE_BYTES:
        return 500, "application/json", compact(status_body(500, "InternalError", "the response is over the "
                                                            "simulator's 4 MiB limit", {})), []
    return result.status, result.content_type, result.body, list(result.headers or [])


class ClusterEndpoint:
    """What the HTTP handler calls: the API over `cluster`, serialised, settling after writes."""

    def __init__(self, cluster, admin_token: str, rate: float = 50.0, insecure_admin: bool = False) -> None:
        self.cluster, self.admin_token, self.insecure_admin = cluster, admin_token, insecure_admin
        self.api = cluster.api_server(server_address="127.0.0.1:6443")
        self.limiter = RateLimiter(rate)
        self.lock = threading.Lock()

    def answer(self, method: str, target: str, headers: list[tuple[str, str]], body: str, client: str):
        if not self.limiter.allow(client):
            return 429, "application/json", compact(status_body(429, "TooManyRequests", "Too many requests, please try again later.", {})), [("Retry-After", "1")]
        authorization = next((v for k, v in headers if k.lower() == "authorization"), "")
        admin = authorization.strip() == f"Bearer {self.admin_token}" or (self.insecure_admin and not authorization)
        with self.lock:
            return admin_request(self.cluster, self.api, method, target, headers, body, ADMIN if admin else None)


def make_handler(endpoint: ClusterEndpoint):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall
        server_version = "kube-apiserver-simulated"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                body_text = compact(status_body(413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY_BYTES}", {}))
                self._reply(413, "application/json", body_text, [("Connection", "close")])
                self.close_connection = True
                return
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            status, content_type, text, extra = endpoint.answer(self.command, self.path, list(self.headers.items()),
                                                                body, self.client_address[0])
            self._reply(status, content_type, text, extra)

        def _reply(self, status: int, content_type: str, text: str, extra) -> None:
            data = text.encode()
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-cache, private")
            for key, value in extra:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

        def log_message(self, format, *args) -> None:  # noqa: A002 (BaseHTTPRequestHandler's name)
            pass

    return Handler


class BoundedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 16


def generate_tls(directory: Path) -> tuple[Path, Path, bytes]:
    """A CA and a server certificate for 127.0.0.1/localhost signed by it: (cert, key, CA PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.DNSName("kubernetes"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = directory / "apiserver.crt", directory / "apiserver.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path, ca.public_bytes(serialization.Encoding.PEM)


def kubeconfig(server: str, token: str, ca_pem: bytes | None) -> str:
    import base64

    cluster = (f"    certificate-authority-data: {base64.b64encode(ca_pem).decode()}\n" if ca_pem else "")
    return (f"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n{cluster}    server: {server}\n  name: cluster.local\n"
            "contexts:\n- context:\n    cluster: cluster.local\n    user: kubernetes-admin\n"
            "  name: kubernetes-admin@cluster.local\ncurrent-context: kubernetes-admin@cluster.local\n"
            f"preferences: {{}}\nusers:\n- name: kubernetes-admin\n  user:\n    token: {token}\n")


def start(cluster, port: int = 0, plain_http: bool = False, rate: float = 50.0):
    """Serve `cluster` on 127.0.0.1:`port` (0: any free port) in a thread; (server, kubeconfig text)."""
    token = secrets.token_urlsafe(32)
    endpoint = ClusterEndpoint(cluster, token, rate, insecure_admin=plain_http)
    server = BoundedServer(("127.0.0.1", port), make_handler(endpoint))
    ca_pem = None
    if not plain_http:
        with tempfile.TemporaryDirectory() as directory:
            cert, key, ca_pem = generate_tls(Path(directory))
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    scheme = "http" if plain_http else "https"
    address = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, kubeconfig(address, token, ca_pem)


def serve_forever(cluster, port: int, plain_http: bool, config_path: str, rate: float) -> int:
    server, config = start(cluster, port, plain_http, rate)
    Path(config_path).write_text(config)
    print(f"Serving the simulated cluster's API at {config.split('server: ')[1].split()[0]}; kubeconfig: {config_path}",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
