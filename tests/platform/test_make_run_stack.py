"""What `make run` serves, on its serverless defaults: the Procfile's web, worker and beat
on SQLite and Celery's SQLAlchemy transport, set up by the same manage.py commands; the
demo student's ClusterIP solution is graded 10/10 over HTTP and shows in the CSV."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.platform_http import ApiClient
from conftest import CLUSTERIP
from kg_worker_process import wait_for

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = """
import json, django; django.setup()
from kubegrade.accounts.models import User
from kubegrade.courses.bank import bank_assignment
from kubegrade.submissions.variants import variant_seed
user = User.objects.get(username="student1")
files, commands = bank_assignment("{slug}").solution(variant_seed(user_id=user.pk, assignment_slug="{slug}"))
print(json.dumps({{"files": {{n: d.decode() for n, d in files.items()}}, "commands": commands}}))
"""

pytestmark = pytest.mark.needs_worker


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def stack(requires_scoring, tmp_path):
    port = _port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_DEFAULT_QUEUE"}}
    env.update(KUBEGRADE_VAR_DIR=str(tmp_path), KUBEGRADE_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1",
               CELERY_CONCURRENCY="1", DJANGO_SETTINGS_MODULE="kubegrade.settings",
               PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
    for args in (["migrate", "--noinput"], ["load_assignments"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    log = (tmp_path / "honcho.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "honcho", "start", "-f", "Procfile"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    yield f"http://127.0.0.1:{port}", env, tmp_path / "honcho.log"
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_make_run_serves_web_worker_and_beat_without_any_server(stack):
    base, env, log = stack

    def up():
        try:
            socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=0.5).close()
            return True
        except OSError:
            return False

    wait_for(up, timeout=60, what="gunicorn to listen")
    wait_for(lambda: "ready." in log.read_text(errors="replace"), timeout=90, what="the worker to be ready")
    assert "sqla+sqlite" in log.read_text(errors="replace")
    student = ApiClient(base).login("student1", "kube-student1")
    _, courses = student.get_json("/api/v1/courses/")
    _, assignments = student.get_json(f"/api/v1/courses/{courses[0]['id']}/assignments/")
    ca = next(a["id"] for a in assignments if a["slug"] == CLUSTERIP)
    out = subprocess.run([sys.executable, "-c", SOLUTION.format(slug=CLUSTERIP)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    solution = json.loads(out)
    status, created = student.submit(ca, {n: d.encode() for n, d in solution["files"].items()}, solution["commands"])
    assert status == 201, created

    def graded():
        body = student.get_json(f"/api/v1/submissions/{created['id']}/")[1]
        return body if body["status"] in {"graded", "failed"} else None

    body = wait_for(graded, timeout=120, what="the grade", interval=0.5)
    assert body["status"] == "graded" and body["score"] == body["max_score"] == 10.0, body
    teacher = ApiClient(base).login("instructor", "kube-instructor")
    status, csv = teacher._request("GET", f"/api/v1/courses/{courses[0]['id']}/gradebook/?format=csv")
    # Canvas's gradebook import layout: Student, ID, SIS User ID, SIS Login ID, Section, scores
    assert status == 200 and any(re.match(r"Sam Lee,\d+,student1,student1,", line) and ",10.00," in line
                                 for line in csv.decode().splitlines()), csv.decode()
