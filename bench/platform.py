"""End-to-end platform figure: N submissions posted through the HTTP API by concurrent
clients, graded by real Celery worker(s) on PostgreSQL and Redis; time until the last
grade is stored, none lost, and where the time goes. Knobs: BENCH_PLATFORM_N (2000),
BENCH_PLATFORM_CLIENTS (16), BENCH_PLATFORM_STUDENTS (200), BENCH_PLATFORM_WEB_WORKERS (2),
BENCH_PLATFORM_WORKER_CONCURRENCY (2)."""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.platform_http import ApiClient

ROOT = Path(__file__).resolve().parents[1]
# Names of this run only, so a concurrent run (or test) cannot drop or drain ours.
DB_NAME = f"kubegrade_bench_{os.getpid()}"
QUEUE = f"kubegrade-bench-{os.getpid()}"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BROKER = "redis://127.0.0.1:6379/13"
STALL_SECONDS = 400  # longer than the stuck-submission job's 300 s, which recovers lost messages


def _knob(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(create: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def _env(var_dir: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
            "CELERY_BROKER_URL": BROKER, "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
            "KUBEGRADE_SUBMIT_RATE_PER_MINUTE": "0", "KUBEGRADE_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "kubegrade.settings", "KUBEGRADE_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)])}


def _cpu_seconds(pgid: int) -> float:
    """User+system CPU of every live process in a process group (from /proc)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def _start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def start_stack(env: dict, logs: Path) -> tuple[int, subprocess.Popen, subprocess.Popen, subprocess.Popen]:
    """gunicorn on a free port, a Celery worker and beat, as production runs them, logging to `logs`."""
    py, port = sys.executable, _free_port()
    web = _start([py, "-m", "gunicorn", "kubegrade.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
                  str(_knob("BENCH_PLATFORM_WEB_WORKERS", 2))], env, logs / "web.log")
    worker = _start([py, "-m", "celery", "-A", "kubegrade", "worker", "--loglevel=WARNING", "--without-gossip",
                     "--without-mingle", f"--concurrency={_knob('BENCH_PLATFORM_WORKER_CONCURRENCY', 2)}"],
                    env, logs / "worker.log")
    beat = _start([py, "-m", "celery", "-A", "kubegrade", "beat", "--loglevel=WARNING",
                   "--schedule", str(logs / "beat-schedule")], env, logs / "beat.log")
    return port, web, worker, beat


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(what)


def _wait_for_grades(conn) -> bool:
    """True once every stored submission is graded or failed; False if none finished
    for STALL_SECONDS (the run is then reported as stalled, not waited on forever)."""
    last, last_change = -1, time.monotonic()
    while True:
        done, stored = _counts(conn)
        if done >= stored:
            return True
        if done != last:
            last, last_change = done, time.monotonic()
        elif time.monotonic() - last_change > STALL_SECONDS:
            return False
        time.sleep(0.2)


def _counts(conn) -> tuple[int, int]:
    row = conn.execute("SELECT count(*) FILTER (WHERE status IN ('graded','failed')), count(*) "
                       "FROM submissions_submission").fetchone()
    return row[0], row[1]


def _phase_stats(conn) -> dict[str, float]:
    q = """SELECT
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - coalesce(queued_at, submitted_at))),
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM graded_at - started_at)),
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM graded_at - submitted_at)),
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM graded_at - submitted_at)),
      min(submitted_at), max(graded_at), min(started_at),
      count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE score = max_score)
      FROM submissions_submission"""
    r = conn.execute(q).fetchone()
    engine = conn.execute("SELECT avg((timing->>'total_ms')::float), sum((timing->>'total_ms')::float), count(*) "
                          "FROM grading_grade").fetchone()
    return {"queue_wait_p50": r[0], "grading_p50": r[1], "e2e_p50": r[2], "e2e_p95": r[3],
            "first_submitted": r[4], "last_graded": r[5], "first_started": r[6], "failed": r[7], "full": r[8],
            "engine_ms_avg": engine[0], "engine_s_sum": (engine[1] or 0) / 1000, "grades": engine[2]}


def _post_all(base: str, data: dict, n: int, clients: int) -> tuple[list[float], dict[int, int]]:
    students, ca = data["students"], data["course_assignment_id"]
    apis = [ApiClient(base, s["token"], timeout=120) for s in students]
    payloads = [({k: v.encode() for k, v in s["files"].items()}, s["commands"]) for s in students]

    def one(i: int) -> tuple[float, int]:
        files, commands = payloads[i % len(students)]
        t = time.perf_counter()
        status, _ = apis[i % len(students)].submit(ca, files, commands)
        return time.perf_counter() - t, status

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(n)))
    codes: dict[int, int] = {}
    for _, status in results:
        codes[status] = codes.get(status, 0) + 1
    return [latency for latency, _ in results], codes


def report() -> None:
    print("## Platform end to end (HTTP API -> PostgreSQL -> Redis -> Celery worker -> engine)")
    if not (_up(5432) and _up(6379)):
        print("skipped: needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
        return
    n, clients = _knob("BENCH_PLATFORM_N", 2000), _knob("BENCH_PLATFORM_CLIENTS", 16)
    students = min(n, _knob("BENCH_PLATFORM_STUDENTS", 200))
    var_dir = tempfile.mkdtemp(prefix="kubegrade-bench-")
    env, logs = _env(var_dir), Path(var_dir)
    import psycopg

    _database(create=True)
    py = sys.executable
    for args in (["migrate", "--noinput"], ["load_assignments"]):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    data = json.loads(subprocess.run([py, "-m", "bench.platform_setup", str(students)], cwd=ROOT, env=env,
                                     check=True, capture_output=True, text=True).stdout)
    port, web, worker, beat = start_stack(env, logs)
    try:
        _wait(lambda: _up(port), 60, "gunicorn to listen")
        time.sleep(5)  # let the worker connect before the clock starts
        cpu_before = {"web": _cpu_seconds(web.pid), "worker": _cpu_seconds(worker.pid)}
        start = time.perf_counter()
        latencies, codes = _post_all(f"http://127.0.0.1:{port}", data, n, clients)
        posted_s = time.perf_counter() - start
        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
            finished = _wait_for_grades(conn)
            total_s = time.perf_counter() - start
            done, stored = _counts(conn)
            stats = _phase_stats(conn)
        cpu = {"web": _cpu_seconds(web.pid) - cpu_before["web"],
               "worker": _cpu_seconds(worker.pid) - cpu_before["worker"]}
    finally:
        for proc in (web, worker, beat):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    _database(create=False)
    created = codes.get(201, 0)
    if not finished:
        print(f"STALLED: no grade stored for {STALL_SECONDS} s with {stored - done} submissions pending "
              f"(logs in {logs})")
    print(f"submissions posted: {n} by {clients} concurrent clients ({students} students); HTTP codes {codes}")
    print(f"stored {stored}, graded {done - stats['failed']}, failed {stats['failed']}, "
          f"lost {created - stored} (201s not in the database), full marks {stats['full']}")
    print(f"time until the last grade was stored: {total_s:.1f} s  ({n / total_s:.1f} submissions/s)")
    print(f"posting phase: {posted_s:.1f} s ({n / posted_s:.0f} req/s); POST latency p50 "
          f"{statistics.median(latencies) * 1000:.0f} ms, p95 {sorted(latencies)[int(len(latencies) * .95)] * 1000:.0f} ms")
    print(f"per submission: queue wait p50 {stats['queue_wait_p50']:.1f} s, grading p50 {stats['grading_p50']:.2f} s, "
          f"submit->graded p50 {stats['e2e_p50']:.1f} s, p95 {stats['e2e_p95']:.1f} s")
    print(f"where the time goes: scoring engine {stats['engine_s_sum']:.0f} CPU-s in total "
          f"({stats['engine_ms_avg']:.0f} ms a grade); worker processes {cpu['worker']:.0f} CPU-s; "
          f"web (gunicorn) {cpu['web']:.0f} CPU-s; on {os.cpu_count()} cores")
