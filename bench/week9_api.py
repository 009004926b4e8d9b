"""Week 9: the simulated API server's requests per second on one core.

`python -m bench week9_api`. Three figures:
- in process: `ApiServer.handle` for a list of kube-system's pods as the PodList JSON, a
  server-side Table (what `kubectl get` asks for), a GET of one object, and a denied request
  (authentication by SA token + RBAC + the Forbidden Status);
- over HTTP: the same list through `python -m simulator serve`'s server (plain HTTP on
  loopback, one keep-alive connection, the client in the same process), i.e. what a real
  kubectl's requests cost end to end on the server side;
- the platform's endpoint for a student's own kubectl (`/k8s/<workspace id>/`, Table list):
  through Django's middleware with the workspace in process and in a sandbox process,
  beside the bare `ApiServer.handle` in that same process (bench/week9_endpoint_measure.py,
  SQLite in a temporary directory), and the overhead per request that follows.
The process is pinned to one CPU where the OS allows it.
"""

from __future__ import annotations

import base64
import http.client
import os
import time

from simulator import Cluster
from simulator.apiserver.authn import ADMIN
from simulator.apiserver.http_api import ApiServer
from simulator.apiserver.serve import start

TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


def _rate(call, seconds: float = 2.0) -> float:
    call()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        call()
        count += 1
    return count / (time.perf_counter() - started)


def _token(cluster) -> str:
    sa = cluster.store.get(cluster.store.types.by_kind("ServiceAccount"), "default", "default")
    secret = cluster.store.get(cluster.store.types.by_kind("Secret"), "default", sa.body["secrets"][0]["name"])
    return base64.b64decode(secret.body["data"]["token"]).decode()


def report() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cluster = Cluster(seed=1)
    api = ApiServer(cluster.store, cluster.clock)
    pods = "/api/v1/namespaces/kube-system/pods"
    token = [("Authorization", f"Bearer {_token(cluster)}")]
    figures = {
        "list 20 pods (PodList JSON)": _rate(lambda: api.handle("GET", pods, [], user=ADMIN)),
        "list 20 pods (Table)": _rate(lambda: api.handle("GET", pods, [("Accept", TABLE)], user=ADMIN)),
        "get one pod": _rate(lambda: api.handle("GET", pods + "/etcd-master", [], user=ADMIN)),
        "denied (token + RBAC + 403)": _rate(lambda: api.handle("GET", pods, token)),
    }
    server, config = start(Cluster(seed=1), 0, plain_http=True, rate=1e9)
    port = int(config.split("server: http://127.0.0.1:")[1].split()[0])
    connection = http.client.HTTPConnection("127.0.0.1", port)

    def over_http() -> None:
        connection.request("GET", pods, headers={"Accept": TABLE})
        connection.getresponse().read()

    figures["over HTTP: list 20 pods (Table)"] = _rate(over_http)
    server.shutdown()
    print("week 9: the API server, requests per second on one core")
    for name, rate in figures.items():
        print(f"  {name:<36} {rate:8.0f} req/s")
    _endpoint_report()


def _endpoint_report() -> None:
    import json
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as var_dir:
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        env.update({"DJANGO_SETTINGS_MODULE": "kubegrade.settings", "KUBEGRADE_VAR_DIR": var_dir,
                    "KUBEGRADE_LOG_LEVEL": "WARNING", "PYTHONPATH": os.pathsep.join([str(root / "platform"), str(root)])})
        done = subprocess.run([sys.executable, "-m", "bench.week9_endpoint_measure", "2"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print(f"  platform endpoint: not measured ({done.stderr.strip().splitlines()[-1:]})")
        return
    figures = json.loads(done.stdout)
    bare = figures["ApiServer.handle"]
    print("  the platform's endpoint /k8s/<workspace id>/ (list 20 pods as a Table, one process):")
    for name, rate in figures.items():
        overhead = "" if name == "ApiServer.handle" else f"  (+{1000 / rate - 1000 / bare:.1f} ms a request)"
        print(f"    {name:<34} {rate:8.0f} req/s{overhead}")
