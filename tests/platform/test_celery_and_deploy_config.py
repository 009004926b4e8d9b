"""The Celery and deployment configuration that the guarantees rest on: late acks,
requeue on a lost worker, a time limit, explicit task names, the beat job, the
Procfile's three processes, `make run`'s steps and a valid docker-compose.yml."""

import shutil
import subprocess
from pathlib import Path

import pytest

from kubegrade.celery import app
from kubegrade.env import EnvError, env_bool
from kubegrade.grading.tasks import grade_submission_task, requeue_stuck_task

ROOT = Path(__file__).resolve().parents[2]


def test_the_grading_task_acks_late_requeues_on_a_lost_worker_and_has_a_time_limit(settings):
    assert grade_submission_task.name == "kubegrade.grading.grade_submission"
    assert grade_submission_task.acks_late and grade_submission_task.reject_on_worker_lost
    assert grade_submission_task.soft_time_limit == settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT
    assert grade_submission_task.time_limit > grade_submission_task.soft_time_limit
    assert settings.KUBEGRADE_STUCK_AFTER_SECONDS > grade_submission_task.time_limit


def test_the_beat_schedule_runs_the_stuck_submission_job():
    entry = app.conf.beat_schedule["requeue-stuck-submissions"]
    assert entry["task"] == requeue_stuck_task.name == "kubegrade.grading.requeue_stuck"


def test_the_default_broker_needs_no_server(monkeypatch):
    from django.conf import settings

    assert settings.CELERY_BROKER_URL.startswith(("sqla+sqlite://", "redis://"))
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


@pytest.mark.parametrize("value", ["maybe", "2", "tru"])
def test_a_bad_boolean_in_the_environment_fails_loudly(monkeypatch, value):
    monkeypatch.setenv("X_FLAG", value)
    with pytest.raises(EnvError, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_the_procfile_runs_web_worker_and_beat():
    procs = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    assert "gunicorn --pythonpath platform kubegrade.wsgi" in procs["web"]
    assert "PYTHONPATH=platform celery -A kubegrade worker" in procs["worker"]
    assert "PYTHONPATH=platform celery -A kubegrade beat" in procs["beat"]


def test_make_run_migrates_loads_the_bank_seeds_the_demo_and_serves():
    if not shutil.which("make"):
        pytest.skip("needs make (apt-get install make)")
    out = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    steps = ["manage.py migrate", "manage.py load_assignments", "manage.py seed_demo", "honcho start -f Procfile"]
    positions = [out.index(step) for step in steps]
    assert positions == sorted(positions)


def test_docker_compose_config_is_valid_with_health_checks():
    if not shutil.which("docker-compose"):
        pytest.skip("needs docker-compose (apt-get install docker-compose)")
    result = subprocess.run(["docker-compose", "config"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import yaml

    services = yaml.safe_load(result.stdout)["services"]
    assert set(services) == {"proxy", "web", "worker", "beat", "redis", "postgres"}
    assert all("healthcheck" in s for s in services.values())
    # only the buffering proxy is published; gunicorn is reached through it
    assert services["proxy"].get("ports") and not services["web"].get("ports")
    assert "gunicorn" in " ".join(services["web"]["command"] if isinstance(services["web"]["command"], list)
                                  else [services["web"]["command"]])


def test_the_korean_translations_are_compiled_and_complete():
    po = ROOT / "platform/kubegrade/locale/ko/LC_MESSAGES/django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)], check=True)
    text = po.read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1]
