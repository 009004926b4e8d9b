"""Fixtures for the platform's tests: settings from the environment, the real servers
where they exist, factories, and a course with every role in it.

PostgreSQL is used when reachable (production uses it); otherwise the suite runs on
SQLite and the tests that need PostgreSQL, Redis, Chromium or the scoring engine skip
with a message saying what to install (a failure in CI, see tests/conftest.py).
"""

import os
import secrets
import socket
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
PG_URL = os.environ.get("KUBEGRADE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kubegrade")
REDIS_URL = os.environ.get("KUBEGRADE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


POSTGRES_UP = _reachable("127.0.0.1", 5432)
REDIS_UP = _reachable("127.0.0.1", 6379)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
os.environ.setdefault("KUBEGRADE_VAR_DIR", tempfile.mkdtemp(prefix="kubegrade-test-var-"))
os.environ.setdefault("KUBEGRADE_BANK_ROOT", str(ROOT / "assignments"))
# DEBUG stays off in the tests (production's behaviour), so the two secrets must be set
# (fresh per run, inherited by the servers the tests start); plain http on 127.0.0.1.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("KUBEGRADE_VARIANT_SECRET", secrets.token_urlsafe(50))
os.environ.setdefault("KUBEGRADE_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
if "DATABASE_URL" not in os.environ and POSTGRES_UP:
    os.environ["DATABASE_URL"] = PG_URL
if "CELERY_BROKER_URL" not in os.environ and REDIS_UP:
    os.environ["CELERY_BROKER_URL"] = REDIS_URL
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", f"kubegrade-test-{os.getpid()}")

import django  # noqa: E402  (settings must come from the environment set above)

django.setup()

INSTALL_POSTGRES = "needs PostgreSQL on 127.0.0.1:5432 (apt-get install postgresql; or set DATABASE_URL=postgres://...)"
INSTALL_REDIS = "needs Redis on 127.0.0.1:6379 (apt-get install redis-server)"
INSTALL_CHROMIUM = "needs Chromium at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk) and playwright"
INSTALL_SCORING = "needs the scoring engine (scoring/engine.py) and the bank's assignments/week4/01-clusterip"
CLUSTERIP = "week4/01-clusterip"


def scoring_available() -> bool:
    try:
        import scoring.engine  # noqa: F401
        from scoring.bank import load_bank  # noqa: F401
    except ImportError:
        return False
    return (ROOT / "assignments" / CLUSTERIP).is_dir()


@pytest.fixture
def requires_postgres(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(INSTALL_POSTGRES)


@pytest.fixture
def requires_redis():
    if not REDIS_UP:
        pytest.skip(INSTALL_REDIS)


@pytest.fixture
def requires_scoring():
    if not scoring_available():
        pytest.skip(INSTALL_SCORING)


@pytest.fixture(autouse=True)
def eager_celery(request, settings):
    """Outside the worker tests, queued tasks run in-process when their commit happens."""
    from kubegrade.celery import app

    eager = "real_worker" not in request.fixturenames
    app.conf.task_always_eager = eager
    app.conf.task_eager_propagates = eager
    settings.KUBEGRADE_SUBMIT_RATE_PER_MINUTE = 1000
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def course_world(db):
    """A course with an instructor, a TA, two students, a lab and a quiz; plus an
    outsider and a second course with its own instructor."""
    import platform_factories as f

    world = f.build_world()
    return world


def report_for(score: float = 10.0, max_score: float = 10.0, gradable: bool = True) -> dict:
    return {
        "score": score, "max_score": max_score, "gradable": gradable, "message": "",
        "checks": [{"id": "svc.selector", "title": "Selector matches", "points": score, "max_points": max_score,
                    "passed": score == max_score, "run": "kubectl get ep web", "expected": "3 endpoints",
                    "got": "3 endpoints", "hint": "Check the selector.", "feedback": ""}],
        "transcript": "$ kubectl get svc\n", "timing": {"total_ms": 1.0}, "engine_version": "test",
    }


@pytest.fixture
def stub_engine(monkeypatch):
    """Stands in for the scoring engine in tests of the platform's own logic; the
    pipeline tests use the real engine. Set `.report` or `.error` to steer it."""
    from kubegrade.grading import services
    from kubegrade.grading.engine import EngineOutcome

    class Stub:
        report = report_for()
        error: Exception | None = None
        calls = 0

        def __call__(self, *, slug, content_hash, **kwargs):
            self.calls += 1
            if self.error is not None:
                raise self.error
            return EngineOutcome(report=dict(self.report), content_hash=content_hash)

    stub = Stub()
    monkeypatch.setattr(services, "engine_run", stub)
    return stub


@pytest.fixture(scope="session")
def worker_env(django_db_setup):
    """Environment for worker processes: the test database and the test broker queue."""
    from django.db import connection

    from kg_worker_process import worker_env_for

    return worker_env_for(connection.settings_dict)


@pytest.fixture
def real_worker(requires_postgres, requires_redis, requires_scoring, worker_env, transactional_db):
    """A real `celery worker` process on Redis and the PostgreSQL test database."""
    from kg_worker_process import WorkerProcess, broker_flush

    broker_flush()
    worker = WorkerProcess(worker_env).start()
    yield worker
    worker.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(INSTALL_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(INSTALL_CHROMIUM)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
