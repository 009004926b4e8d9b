"""Starts, waits for, kills and stops real Celery worker processes for the tests."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def worker_env_for(db: dict) -> dict[str, str]:
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT), str(HERE)]),
        "DJANGO_SETTINGS_MODULE": "kubegrade.settings",
        "KUBEGRADE_LOG_LEVEL": "INFO",
    })
    return env


def broker_flush() -> None:
    """Drops every message waiting in this test session's own queue (as a Redis restart
    without persistence would). Never FLUSHDB: the broker URL may be a developer's."""
    import redis

    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).delete(os.environ["CELERY_TASK_DEFAULT_QUEUE"])


class WorkerProcess:
    def __init__(self, env: dict[str, str], *, app: str = "kubegrade", concurrency: int = 1, **extra_env: str):
        self.env = {**env, **{k: str(v) for k, v in extra_env.items()}}
        self.app, self.concurrency = app, concurrency
        self.log = Path(tempfile.mkstemp(prefix="kubegrade-worker-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "WorkerProcess":
        cmd = [sys.executable, "-m", "celery", "-A", self.app, "worker", "--loglevel=INFO", "--pool=prefork",
               f"--concurrency={self.concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat",
               "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h"]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log.read_text(errors="replace"):
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"celery worker did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once, as an OOM killer or a power cut would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
