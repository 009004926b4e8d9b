"""The drill's own servers on free ports: redis-server, a PostgreSQL cluster (initdb and
pg_ctl, run as the postgres user when the drill runs as root), gunicorn and Celery."""

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class Proc:
    """One server process in its own process group, its output in a log file."""

    def __init__(self, name: str, cmd: list[str], env: dict, workdir: Path):
        self.name, self.cmd, self.env = name, cmd, env
        self.log = workdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Proc":
        out = self.log.open("ab")
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


class Redis:
    def __init__(self, workdir: Path):
        self.port = free_port()
        # No persistence: a restart comes back empty, as the drill intends.
        self.proc = Proc("redis", [shutil.which("redis-server"), "--port", str(self.port), "--save", "",
                                   "--appendonly", "no", "--bind", "127.0.0.1"], dict(os.environ), workdir)

    def start(self) -> "Redis":
        self.proc.start()
        wait_port(self.port)
        return self

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


class Postgres:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.data = workdir / "pgdata"
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, cwd="/tmp")

    def init(self) -> "Postgres":
        self.data.mkdir()
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.data, pw.pw_uid, pw.pw_gid)
            os.chown(self.data.parent, pw.pw_uid, pw.pw_gid)
        self._run(shutil.which("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self.start()

    def start(self) -> "Postgres":
        opts = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(shutil.which("pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.data / "server.log"),
                  "-w", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(shutil.which("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_db(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class Stack:
    """Redis, PostgreSQL, the buffering front and gunicorn (gthread) as `make run` serves
    them, a Celery worker and beat."""

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="kubegrade-drill-"))
        self.redis = Redis(self.workdir)
        self.pg = Postgres(self.workdir)
        self.web_port = free_port()
        self.web = self.front = self.worker = self.beat = None
        self.env: dict[str, str] = {}

    def start(self) -> "Stack":
        self.redis.start()
        self.pg.init()
        db_url = self.pg.create_db("kubegrade")
        self.env = {**os.environ, "DATABASE_URL": db_url, "CELERY_BROKER_URL": self.redis.url,
                    "DATABASE_CONN_MAX_AGE": "0", "PYTHONPATH": str(ROOT / "platform"),
                    "DJANGO_SETTINGS_MODULE": "kubegrade.settings", "KUBEGRADE_VAR_DIR": str(self.workdir / "var"),
                    "KUBEGRADE_SUBMIT_RATE_PER_MINUTE": "1000", "CELERY_TASK_DEFAULT_QUEUE": "kubegrade-drill",
                    # Production settings, served over plain HTTP on 127.0.0.1 (no TLS proxy here).
                    "DJANGO_DEBUG": "0", "KUBEGRADE_HTTPS": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                    "KUBEGRADE_VARIANT_SECRET": secrets.token_urlsafe(50)}
        py = sys.executable
        for step in (["migrate", "--noinput"], ["load_assignments"], ["seed_demo"]):
            done = subprocess.run([py, "manage.py", *step], cwd=ROOT, env=self.env, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"manage.py {step[0]} failed:\n{done.stderr[-2000:]}")
        # As the Procfile: gunicorn on a unix socket behind the buffering front on the public port.
        web_sock = str(self.workdir / "web.sock")
        self.web = Proc("web", [py, "-m", "gunicorn", "--pythonpath", "platform", "kubegrade.wsgi", "--bind",
                                f"unix:{web_sock}", *gunicorn_args(), "--access-logfile", "-"],
                        {**self.env, "KUBEGRADE_TRUSTED_PROXIES": "1"}, self.workdir).start()
        self.front = Proc("front", [py, str(ROOT / "deploy" / "buffering_front.py"), "--bind",
                                    f"127.0.0.1:{self.web_port}", "--upstream", web_sock],
                          self.env, self.workdir).start()
        self.start_worker()
        self.beat = Proc("beat", [py, "-m", "celery", "-A", "kubegrade", "beat", "--loglevel=INFO", "--schedule",
                                  str(self.workdir / "beat-schedule")], self.env, self.workdir).start()
        wait_port(self.web_port)
        return self

    def start_worker(self) -> None:
        self.worker = Proc("worker", [sys.executable, "-m", "celery", "-A", "kubegrade", "worker", "--loglevel=INFO",
                                      "--concurrency=2", "-n", f"drill-{time.monotonic_ns()}@%h"],
                           self.env, self.workdir).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def stop(self) -> None:
        for proc in (self.front, self.web, self.worker, self.beat):
            if proc:
                proc.stop()
        try:
            self.pg.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        self.redis.proc.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def gunicorn_args() -> list[str]:
    """The web server's worker settings, read from the Procfile so the drill measures `make run`."""
    line = next(ln for ln in (ROOT / "Procfile").read_text().splitlines() if ln.startswith("web:"))
    words = line.split()
    keep, i = [], 0
    while i < len(words):
        if words[i] in ("--worker-class", "--threads", "--workers", "--keep-alive", "--timeout"):
            value = words[i + 1]
            if value.startswith("${"):  # ${WEB_CONCURRENCY:-2}
                value = value.split(":-")[1].rstrip("}")
            keep += [words[i], value]
            i += 1
        i += 1
    return keep
