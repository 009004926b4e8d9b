"""Passback figure: changed grades reaching an LMS (the strict test platform of
tests/platform/lti_test_platform.py, over HTTP) through real Celery workers on Redis, in a
database of its own. Each of BENCH_PASSBACK_STUDENTS (250) students gets two effective
grade changes (an override, then another): 500 score versions. Counted at the platform:
every score accepted, none sent twice (a repeated or older timestamp is refused there),
in order per user, at most one request at a time, the last score of each user the
effective one; and the rate from the first change to the last score accepted.
Knobs: BENCH_PASSBACK_STUDENTS (250), BENCH_PASSBACK_WORKERS (2 worker processes)."""

import json
import os
import subprocess
import sys
import tempfile

from bench.platform import BROKER, PG_ADMIN, ROOT, _knob, _up

DB_NAME = f"kubegrade_bench_passback_{os.getpid()}"


def _database(create: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def _measure(students: int, workers: int) -> dict:
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
           "CELERY_BROKER_URL": BROKER, "CELERY_TASK_DEFAULT_QUEUE": f"kubegrade-bench-passback-{os.getpid()}",
           "KUBEGRADE_VAR_DIR": tempfile.mkdtemp(prefix="kubegrade-bench-passback-"),
           "DJANGO_SETTINGS_MODULE": "kubegrade.settings", "KUBEGRADE_LOG_LEVEL": "WARNING",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT), str(ROOT / "tests" / "platform")])}
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    done = subprocess.run([py, "-m", "bench.passback_measure", str(students), str(workers)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench.passback_measure failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report() -> None:
    print("## Passback (LTI AGS scores to the strict test platform; real Celery workers, Redis, PostgreSQL)")
    if not (_up(5432) and _up(6379)):
        print("skipped: needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
        return
    _database(create=True)
    try:
        r = _measure(_knob("BENCH_PASSBACK_STUDENTS", 250), _knob("BENCH_PASSBACK_WORKERS", 2))
    finally:
        _database(create=False)
    ok = (r["accepted"] == r["changes"] and not r["sent_twice"] and not r["out_of_order"] and not r["refused"]
          and not r["pending_left"] and not r["wrong_last"])
    print(f"changes: {r['changes']} ({r['students']} students x 2) through {r['workers']} worker processes")
    print(f"accepted by the platform: {r['accepted']}; lost: {r['lost']}; sent twice: {r['sent_twice']}; "
          f"out of order per user: {r['out_of_order']}; refused: {r['refused']}; last score wrong: {r['wrong_last']}; "
          f"left pending: {r['pending_left']}")
    print(f"throughput: {r['per_second']:.0f} scores/s ({r['seconds']:.1f} s from the first change to the last "
          f"score); at most {r['max_in_flight']} request(s) at once; {r['token_requests']} access token request(s)"
          f"  ({'none lost, none twice, in order: met' if ok else 'NOT met'})")
