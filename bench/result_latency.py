"""From "Submit" to the score, on an idle queue: a submission posted through the API,
then the result page's long poll (status.json?wait=25, a session like the browser's)
answered when the grade is stored. Real gunicorn (sync workers, as `make run`), a real
Celery worker, PostgreSQL and Redis, as bench/platform.py. Also: the same with the
former 1-second polling, and a page served while every waiting slot is held.
Knobs: BENCH_RESULT_ROUNDS (20), BENCH_PLATFORM_WEB_WORKERS (2)."""

import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.platform import ROOT, _database, _env, _free_port, _knob, _start, _up, _wait
from bench.platform_http import ApiClient

PASSWORD = "bench-result-latency"


def _session(base: str, username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(base + "/login/", body.encode(), headers={"Referer": base + "/login/"}))
    return opener


def _status(opener, base: str, sid: int, wait: int) -> dict:
    return json.loads(opener.open(f"{base}/submissions/{sid}/status.json?wait={wait}", timeout=60).read())


def _round(api, opener, base, data, student, *, long_poll: bool) -> float:
    start = time.perf_counter()
    code, body = api.submit(data["course_assignment_id"], {k: v.encode() for k, v in student["files"].items()},
                            student["commands"])
    assert code == 201, (code, body)
    while True:
        if long_poll:
            if not _status(opener, base, body["id"], 25)["pending"]:
                return time.perf_counter() - start
        else:  # the page before: ask every second
            time.sleep(1.0)
            if not _status(opener, base, body["id"], 0)["pending"]:
                return time.perf_counter() - start


def report() -> None:
    print("## Result latency (submit -> score on screen, idle queue; long polling on gunicorn sync workers)")
    if not (_up(5432) and _up(6379)):
        print("skipped: needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
        return
    rounds, web_workers = _knob("BENCH_RESULT_ROUNDS", 20), _knob("BENCH_PLATFORM_WEB_WORKERS", 2)
    var_dir = tempfile.mkdtemp(prefix="kubegrade-bench-latency-")
    env, logs, py = _env(var_dir), Path(var_dir), sys.executable
    _database(create=True)
    for args in (["migrate", "--noinput"], ["load_assignments"]):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    data = json.loads(subprocess.run([py, "-m", "bench.platform_setup", "1"], cwd=ROOT, env=env, check=True,
                                     capture_output=True, text=True).stdout)
    subprocess.run([py, "manage.py", "shell", "-c", "from django.contrib.auth import get_user_model as g; "
                    f"u = g().objects.get(username='bench0000'); u.set_password('{PASSWORD}'); u.save()"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    web = _start([py, "-m", "gunicorn", "kubegrade.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
                  str(web_workers)], env, logs / "web.log")
    worker = _start([py, "-m", "celery", "-A", "kubegrade", "worker", "--loglevel=WARNING", "--without-gossip",
                     "--without-mingle", "--concurrency=1"], env, logs / "worker.log")
    try:
        _wait(lambda: _up(port), 60, "gunicorn to listen")
        time.sleep(5)  # let the worker connect before the clock starts
        student = data["students"][0]
        api, opener = ApiClient(base, student["token"], timeout=60), _session(base, "bench0000")
        _round(api, opener, base, data, student, long_poll=True)  # warm the engine's setup cache
        pushed = [_round(api, opener, base, data, student, long_poll=True) for _ in range(rounds)]
        polled = [_round(api, opener, base, data, student, long_poll=False) for _ in range(min(rounds, 5))]
        busy = _page_while_slots_held(base, opener)
    finally:
        for proc in (web, worker):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    _database(create=False)
    print(f"long poll: submit -> score p50 {statistics.median(pushed) * 1000:.0f} ms, "
          f"max {max(pushed) * 1000:.0f} ms over {rounds} rounds (target under 500 ms)")
    print(f"former 1 s polling: p50 {statistics.median(polled) * 1000:.0f} ms over {len(polled)} rounds")
    print(f"with {web_workers} gunicorn workers and every waiting slot held by a pending submission: "
          f"the course page in {busy['page_ms']:.0f} ms, a second waiter answered (no slot) in "
          f"{busy['second_waiter_ms']:.0f} ms")


def _page_while_slots_held(base: str, opener) -> dict:
    """An already graded submission is put back to queued by hand (nothing grades it
    again), so a long poll on it holds its slot and a gunicorn worker for its whole wait;
    meanwhile a page and a second long poll are timed."""
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                          "from kubegrade.submissions.models import Submission as S; s = S.objects.earliest('pk'); "
                          "S.objects.filter(pk=s.pk).update(status='queued'); print(s.pk)"],
                         cwd=ROOT, env=_env(tempfile.mkdtemp()), check=True, capture_output=True, text=True).stdout
    held = int(out.split()[-1])
    with ThreadPoolExecutor(1) as pool:
        holder = pool.submit(_status, opener, base, held, 5)
        time.sleep(0.5)
        start = time.perf_counter()
        opener.open(base + "/courses/", timeout=30).read()
        page_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        _status(opener, base, held, 5)
        second_ms = (time.perf_counter() - start) * 1000
        holder.result()
    return {"page_ms": page_ms, "second_waiter_ms": second_ms}
