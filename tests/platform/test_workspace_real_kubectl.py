"""Debian's real kubectl (v1.20.2) on a student's workspace, with the kubeconfig the workspace
page hands out, through the Django test server behind a TLS front (as nginx stands in front
of the site; client-go sends a bearer token only over TLS), the workspace in its sandbox.

Differential: what the real kubectl prints is compared with what the workspace's own terminal
prints for the same command on the same cluster (words in order, line by line). Allowed
differences, each with its reason: AGE is masked (the terminal's line lets 2 s pass for
typing, an API read none); `apply` runs with `--validate=false` (no /openapi/v2 is served);
`Events:` of describe is left out (events are not served through the HTTP API); `describe
configmap`'s BinaryData section is 1.23's and not 1.20's.
Skips when the Debian package is not extracted (see tests/simulator/test_real_kubectl.py)."""

import re
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest
from django.test import Client

from kg_workspaces import workspace_world

from kubegrade.workspaces import cache, sandbox, services

KUBECTL = Path("/opt/kubernetes-client/usr/bin/kubectl")
pytestmark = pytest.mark.skipif(not KUBECTL.exists(), reason="needs Debian's kubectl v1.20.2: apt-get download "
                                "kubernetes-client && dpkg -x kubernetes-client_*.deb /opt/kubernetes-client")
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  color: blue\n"


class TlsFront:
    """TLS on a loopback port, each connection's bytes relayed to the test server."""

    def __init__(self, backend: tuple[str, int], cert: Path, key: Path) -> None:
        self.backend = backend
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        try:
            secure = self.context.wrap_socket(client, server_side=True)
            upstream = socket.create_connection(self.backend)
        except OSError:
            client.close()
            return
        self.sockets += [secure, upstream]
        threading.Thread(target=_pump, args=(upstream, secure), daemon=True).start()
        _pump(secure, upstream)

    def close(self) -> None:
        self.open = False
        self.listener.close()
        for end in self.sockets:  # the test server's threads (and their database connections) end with them
            try:
                end.close()
            except OSError:
                pass


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, sink):
            try:
                end.close()
            except OSError:
                pass


@pytest.fixture
def site(requires_scoring, live_server, settings, tmp_path, monkeypatch):
    from django.db import connections

    from simulator.apiserver.serve import generate_tls

    # the test server's request threads close their connections, so the test database can be dropped
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    settings.KUBEGRADE_WORKSPACE_SANDBOXES = 1  # the workspace's executor, with its limits
    cert, key, ca_pem = generate_tls(tmp_path)
    (tmp_path / "ca.crt").write_bytes(ca_pem)
    settings.KUBEGRADE_WORKSPACE_API_CA_FILE = str(tmp_path / "ca.crt")
    host, port = live_server.url.split("//")[1].split(":")
    front = TlsFront((host, int(port)), cert, key)
    cache.clear()
    yield front, tmp_path
    front.close()
    sandbox.stop_all()
    cache.clear()


def kubeconfig_for(user, ca, front: TlsFront, path: Path) -> Path:
    client = Client(HTTP_HOST=f"127.0.0.1:{front.port}")
    client.force_login(user)
    response = client.post(f"/assignments/{ca.pk}/workspace/kubeconfig/")
    assert response.status_code == 200
    path.write_bytes(response.content)
    return path


def real(config: Path, *args: str) -> tuple[str, int]:
    result = subprocess.run([str(KUBECTL), "--kubeconfig", str(config), *args], capture_output=True, text=True,
                            timeout=120, cwd=config.parent, env={"HOME": str(config.parent), "PATH": "/usr/bin:/bin"})
    return result.stdout + result.stderr, result.returncode


def terminal(user, workspace, line: str) -> tuple[str, int]:
    step = services.workspace_run_command(user=user, workspace_id=workspace.pk, line=line).step
    return step.output, step.exit_code


def comparable(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("Events:"):
            break
        rows.append(["AGE" if re.fullmatch(r"(\d+[smhd])+", word) else word for word in line.split()])
    return rows


def test_real_kubectl_on_the_workspace_prints_what_its_terminal_prints(site, transactional_db):
    front, directory = site
    w = workspace_world()
    config = kubeconfig_for(w.alice, w.endpoints, front, directory / "kubeconfig")
    workspace, _ = services.workspace_open(user=w.alice, course_assignment=w.endpoints)
    (directory / "cm.yaml").write_text(MANIFEST)

    for args in (("get", "pods"), ("get", "pods", "-o", "wide"), ("get", "svc")):
        got, code = real(config, *args)
        expected, expected_code = terminal(w.alice, workspace, "kubectl " + " ".join(args))
        assert (code, comparable(got)) == (expected_code, comparable(expected)), args

    created, code = real(config, "apply", "-f", "cm.yaml", "--validate=false")
    assert (created, code) == ("configmap/web-config created\n", 0)
    assert terminal(w.alice, workspace, "kubectl get configmap web-config -o jsonpath={.data.color}") == ("blue", 0)
    described, code = real(config, "describe", "configmap", "web-config")
    expected, _ = terminal(w.alice, workspace, "kubectl describe configmap web-config")
    # kubectl 1.20's describer has no BinaryData section (1.23's prints it, empty): left out
    assert code == 0 and comparable(described) == comparable(expected.replace("\nBinaryData\n====\n", "\n"))

    missing, code = real(config, "get", "pod", "nope")
    assert (missing, code) == ('Error from server (NotFound): pods "nope" not found\n', 1)
    assert terminal(w.alice, workspace, "kubectl get pod nope") == (missing, 1)


def test_another_students_kubeconfig_does_not_open_this_workspace(site, transactional_db):
    front, directory = site
    w = workspace_world()
    mine = kubeconfig_for(w.alice, w.endpoints, front, directory / "alice")
    theirs = kubeconfig_for(w.bob, w.endpoints, front, directory / "bob").read_text()
    token = theirs.split("token: ")[1].split()[0]
    mine_token = mine.read_text().split("token: ")[1].split()[0]
    (directory / "swapped").write_text(mine.read_text().replace(mine_token, token))
    output, code = real(directory / "swapped", "get", "pods")
    assert code == 1 and output.strip() == "error: You must be logged in to the server (Unauthorized)"
