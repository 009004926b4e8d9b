"""The drills. Each returns one row: load held, faults injected, bad inputs tried, lost,
graded twice, recovery time (fault to the last accepted submission graded)."""

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import requests

CLUSTERIP = "week4/01-clusterip"


def students(n: int) -> list[dict]:
    """n enrolled students with an API token and their own correct solution (in the drill's database)."""
    from kubegrade.accounts.api_tokens import api_token_issue
    from kubegrade.accounts.models import User
    from kubegrade.courses.bank import bank_assignment
    from kubegrade.courses.demo import DEMO_COURSE_CODE
    from kubegrade.courses.models import CourseAssignment, Enrollment, Role
    from kubegrade.submissions.variants import variant_seed

    ca = CourseAssignment.objects.select_related("course").get(course__code=DEMO_COURSE_CODE, assignment__slug=CLUSTERIP)
    course = ca.course
    out = []
    for i in range(n):
        user, _ = User.objects.get_or_create(username=f"drill{i}")
        Enrollment.objects.get_or_create(course=course, user=user, defaults={"role": Role.STUDENT})
        files, commands = bank_assignment(CLUSTERIP).solution(variant_seed(user_id=user.pk, assignment_slug=CLUSTERIP))
        out.append({"token": api_token_issue(user=user).key, "files": files, "commands": commands,
                    "ca": ca.pk})
    return out


def post(stack, student: dict) -> requests.Response | None:
    files = [("files", (name, data)) for name, data in student["files"].items()]
    try:
        return requests.post(stack.url(f"/api/v1/assignments/{student['ca']}/submissions/"), files=files,
                             data={"commands": student["commands"]}, timeout=30,
                             headers={"Authorization": f"Token {student['token']}"})
    except requests.RequestException:
        return None


def outcome(accepted: list[int], deadline: float) -> tuple[int, int, float]:
    """Waits until every accepted submission is graded (or the deadline); returns
    (lost, graded twice, seconds waited)."""
    from django.db import connection
    from django.db.models import Count

    from kubegrade.grading.models import Grade
    from kubegrade.submissions.models import Status, Submission

    started = time.monotonic()
    while time.monotonic() < deadline:
        try:
            done = Submission.objects.filter(pk__in=accepted, status=Status.GRADED).count()
            if done == len(accepted):
                break
        except Exception:
            connection.close()
        time.sleep(0.5)
    waited = time.monotonic() - started
    lost = len(accepted) - Submission.objects.filter(pk__in=accepted, status=Status.GRADED).count()
    twice = (Grade.objects.filter(submission_id__in=accepted, batch__isnull=True).values("submission_id")
             .annotate(n=Count("pk")).filter(n__gt=1).count())
    return lost, twice, waited


def burst_with_fault(stack, who: list[dict], n: int, fault, name: str, *, budget: float = 240) -> dict:
    accepted, refused, half = [], {}, n // 2
    fault_at = None
    with ThreadPoolExecutor(4) as pool:
        for i in range(0, n, 4):
            if i >= half and fault_at is None:
                fault_at = time.monotonic()
                fault(stack)
            batch = [who[(i + j) % len(who)] for j in range(min(4, n - i))]
            for r in pool.map(lambda s: post(stack, s), batch):
                if r is not None and r.status_code == 201:
                    accepted.append(r.json()["id"])
                else:
                    key = r.status_code if r is not None else "no answer"
                    refused[key] = refused.get(key, 0) + 1
    lost, twice, _ = outcome(accepted, time.monotonic() + budget)
    recovery = time.monotonic() - fault_at
    refused_text = ", ".join(f"{v}x {k}" for k, v in refused.items()) or "none"
    return {"drill": name, "load": f"{n} submissions, {len(who)} students ({len(accepted)} accepted)",
            "fault": name, "bad inputs": f"refused: {refused_text}", "lost": lost, "twice": twice,
            "recovery": f"{recovery:.1f} s"}


def kill_worker(stack) -> None:
    stack.worker.kill()
    time.sleep(1)
    stack.start_worker()


def redis_restart_empty(stack) -> None:
    stack.redis.proc.kill()
    time.sleep(1)
    stack.redis.start()


def postgres_drill(stack, who: list[dict], n: int) -> dict:
    """Stops PostgreSQL for 5 s between two halves of a burst; posts during the outage
    must get 503 and leave nothing behind."""
    from django.db import connection

    from kubegrade.submissions.models import Submission

    before = Submission.objects.count()
    accepted, during = [], {}
    for s in who[: n // 2]:
        r = post(stack, s)
        if r is not None and r.status_code == 201:
            accepted.append(r.json()["id"])
    stack.pg.stop("immediate")
    fault_at = time.monotonic()
    for s in who[: n // 4]:
        r = post(stack, s)
        key = r.status_code if r is not None else "no answer"
        during[key] = during.get(key, 0) + 1
    stack.pg.start()
    connection.close()
    for s in who[: n // 2]:
        r = post(stack, s)
        if r is not None and r.status_code == 201:
            accepted.append(r.json()["id"])
    lost, twice, _ = outcome(accepted, time.monotonic() + 240)
    half_stored = Submission.objects.count() - before - len(accepted)
    recovery = time.monotonic() - fault_at
    during_text = ", ".join(f"{v}x {k}" for k, v in during.items())
    return {"drill": "PostgreSQL stopped and started", "load": f"{len(accepted)} accepted around the outage",
            "fault": f"pg_ctl stop -m immediate; {n // 4} posts during the outage",
            "bad inputs": f"during outage: {during_text}; stored half-way: {half_stored}",
            "lost": lost, "twice": twice, "recovery": f"{recovery:.1f} s"}


def half_open(stack, n_sockets: int = 50, browse_for: float = 20) -> dict:
    """n idle half-open connections (connected, a partial request line, then silence)
    while a normal user loads /login/ once a second."""
    held = []
    for _ in range(n_sockets):
        s = socket.create_connection(("127.0.0.1", stack.web_port))
        s.sendall(b"GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
        held.append(s)
    times, failures = [], 0
    end = time.monotonic() + browse_for
    while time.monotonic() < end:
        t = time.monotonic()
        try:
            ok = requests.get(stack.url("/login/"), timeout=10).status_code == 200
        except requests.RequestException:
            ok = False
        times.append(time.monotonic() - t)
        failures += not ok
        time.sleep(max(0.0, 1 - (time.monotonic() - t)))
    for s in held:
        s.close()
    times.sort()
    return {"drill": f"{n_sockets} half-open connections", "load": f"{len(times)} page loads in {browse_for:.0f} s",
            "fault": f"{n_sockets} stalled requests held open",
            "bad inputs": f"slowest {times[-1] * 1000:.0f} ms, median {times[len(times) // 2] * 1000:.0f} ms",
            "lost": failures, "twice": 0, "recovery": "none needed" if not failures else f"{failures} failed"}


def login_brute_force(stack, tries: int = 30) -> dict:
    from kubegrade.accounts.models import User

    user, _ = User.objects.get_or_create(username="drillvictim")
    user.set_password("correct-horse-battery-staple-9")
    user.save()
    codes: dict[int, int] = {}
    for i in range(tries):
        r = requests.post(stack.url("/api/v1/auth/token/"), data={"username": "drillvictim", "password": f"wrong{i}"},
                          timeout=30)
        codes[r.status_code] = codes.get(r.status_code, 0) + 1
    right = requests.post(stack.url("/api/v1/auth/token/"),
                          data={"username": "drillvictim", "password": "correct-horse-battery-staple-9"}, timeout=30)
    t = time.monotonic()
    requests.get(stack.url("/healthz"), timeout=30)
    held = right.status_code != 200  # the right password after 30 wrong ones must be refused for now
    return {"drill": "login brute force", "load": f"{tries} wrong passwords on /api/v1/auth/token/",
            "fault": "none", "bad inputs": ", ".join(f"{v}x {k}" for k, v in sorted(codes.items()))
            + f"; right password then: {right.status_code}",
            "lost": 0, "twice": 0, "recovery": f"lockout {'held' if held else 'NOT held'}"
            + f"; /healthz {1000 * (time.monotonic() - t):.0f} ms"}
