"""Workspace figures: the command round trip through HTTP with many workspaces in use at
once (gunicorn with 2 workers on PostgreSQL, as bench/platform.py starts it; each command runs
in a sandbox process, `workspaces.sandbox`), whether any
command replayed a log (it must not: replay is never on the hot path), the memory a
workspace holds, and how a command's cost grows with the history behind it (warm, from
the snapshot, cold rebuild). Knobs: BENCH_WS_USERS (50), BENCH_WS_COMMANDS (20 each),
BENCH_WS_THINK_MS (1000: a typist's pause between commands, 0.5x to 1.5x)."""

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import platform as stack
from bench.platform_http import ApiClient

LINES = ["kubectl get pods -o wide", "kubectl get svc", "kubectl apply -f svc-web.yaml", "kubectl get endpoints",
         "kubectl describe svc kubernetes", "kubectl get pods -l app=nothing", "cat /etc/resolv.conf"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _open_all(base: str, data: dict) -> tuple[list[tuple[ApiClient, int]], list[float]]:
    """Every student opens their workspace first (each builds a cluster), so the command
    figures below are commands, not the opening burst."""
    ca = data["course_assignment_id"]

    def one(student: dict) -> tuple[ApiClient, int, float]:
        api, t = ApiClient(base, student["token"], timeout=120), time.perf_counter()
        status, ws = api.post_json(f"/api/v1/assignments/{ca}/workspace/")
        if status not in (200, 201):
            raise RuntimeError(f"opening a workspace gave {status}: {ws}")
        return api, ws["id"], time.perf_counter() - t

    with ThreadPoolExecutor(len(data["students"])) as pool:
        opened = list(pool.map(one, data["students"]))
    return [(api, ws_id) for api, ws_id, _ in opened], [seconds for _, _, seconds in opened]


def _type_commands(workspaces: list[tuple[ApiClient, int]], commands: int,
                   think_ms: int) -> tuple[list[float], dict[int, int]]:
    def one(pair: tuple[ApiClient, int]) -> list[tuple[float, int]]:
        api, ws_id = pair
        rng, results = random.Random(ws_id), []
        for i in range(commands):
            time.sleep(think_ms * rng.uniform(0.5, 1.5) / 1000)
            t = time.perf_counter()
            status, _ = api.post_json(f"/api/v1/workspaces/{ws_id}/commands/", {"line": LINES[i % len(LINES)]})
            results.append((time.perf_counter() - t, status))
        return results

    with ThreadPoolExecutor(len(workspaces)) as pool:
        per_user = list(pool.map(one, workspaces))
    flat = [r for rows in per_user for r in rows]
    codes: dict[int, int] = {}
    for _, status in flat:
        codes[status] = codes.get(status, 0) + 1
    return [latency for latency, status in flat if status == 200], codes


def _http_section(env: dict, users: int, commands: int, think_ms: int, logs: Path) -> None:
    py = sys.executable
    for args in (["migrate", "--noinput"], ["load_assignments"]):
        subprocess.run([py, "manage.py", *args], cwd=stack.ROOT, env=env, check=True, capture_output=True)
    data = json.loads(subprocess.run([py, "-m", "bench.platform_setup", str(users)], cwd=stack.ROOT, env=env,
                                     check=True, capture_output=True, text=True).stdout)
    port = stack._free_port()
    web = stack._start([py, "-m", "gunicorn", "kubegrade.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                       env, logs / "web.log")
    try:
        stack._wait(lambda: stack._up(port), 60, "gunicorn to listen")
        workspaces, opening = _open_all(f"http://127.0.0.1:{port}", data)
        cpu_before = stack._cpu_seconds(web.pid)
        start = time.perf_counter()
        latencies, codes = _type_commands(workspaces, commands, think_ms)
        elapsed, cpu = time.perf_counter() - start, stack._cpu_seconds(web.pid) - cpu_before
    finally:
        stack.os.killpg(web.pid, stack.signal.SIGTERM)
        web.wait(timeout=30)
    log_text = (logs / "web.log").read_text(errors="replace")
    replays, loads = log_text.count("workspace.replayed"), log_text.count("workspace.sandbox_load")
    ms = [x * 1000 for x in latencies]
    print(f"{users} workspaces at once, {commands} commands each, a pause of ~{think_ms} ms between a user's "
          f"commands; gunicorn 2 workers on PostgreSQL, {stack.os.cpu_count()} cores")
    print(f"opening {users} workspaces at once (a cluster built each): p50 {statistics.median(opening) * 1000:.0f} ms, "
          f"p95 {_percentile(opening, 0.95) * 1000:.0f} ms")
    print(f"command round trip: p50 {statistics.median(ms):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, "
          f"max {max(ms):.1f} ms over {len(ms)} commands (statuses {codes}); {elapsed:.1f} s, "
          f"web CPU {cpu:.1f} s ({cpu / max(1, len(ms)) * 1000:.1f} ms a command)")
    print(f"log replays during the run: {replays} (target 0: replay is never on the hot path); sandbox loads from "
          f"the database: {loads} (a workspace's request reaching the other web worker's sandbox)")


def _growth_section(env: dict) -> None:
    rows = json.loads(subprocess.run([sys.executable, "-m", "bench.workspace_growth", "10", "100", "500"],
                                     cwd=stack.ROOT, env=env, check=True, capture_output=True, text=True).stdout)
    print("history | next command: warm | from DB snapshot | cold rebuild | snapshot (zlib / pickle) | live")
    for r in rows:
        print(f"{r['n']:>7} | {r['warm_ms']:>8.2f} ms | {r['snapshot_ms']:>8.2f} ms | {r['cold_ms']:>9.1f} ms | "
              f"{r['snapshot_bytes'] / 1024:.0f} / {r['pickle_bytes'] / 1024:.0f} KiB | "
              f"{r['live_bytes'] / 1024:.0f} KiB  (dump {r['dump_ms']:.2f} ms)")


def report() -> None:
    print("## Workspace (lab terminal: HTTP round trip, memory, growth with history)")
    if not stack._up(5432):
        print("skipped: needs PostgreSQL on 127.0.0.1:5432")
        return
    users = stack._knob("BENCH_WS_USERS", 50)
    commands, think_ms = stack._knob("BENCH_WS_COMMANDS", 20), stack._knob("BENCH_WS_THINK_MS", 1000)
    var_dir = tempfile.mkdtemp(prefix="kubegrade-bench-ws-")
    env = {**stack._env(var_dir), "KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE": "0", "KUBEGRADE_LOG_LEVEL": "INFO",
           "KUBEGRADE_BANK_ROOT": str(stack.ROOT / "assignments")}
    stack._database(create=True)
    try:
        _http_section(env, users, commands, think_ms, Path(var_dir))
        _growth_section(env)
    finally:
        stack._database(create=False)
