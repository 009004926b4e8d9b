"""The design card's top level: manage.py, platform, simulator, assignments, tests,
docker-compose.yml. `platform/` is a folder holding the Django project as a source root,
never a package, so it cannot shadow Python's own `platform` module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_top_level_is_the_design_cards():
    for name in ("manage.py", "platform", "simulator", "assignments", "tests", "docker-compose.yml"):
        assert (ROOT / name).exists(), name
    assert not (ROOT / "kubegrade").exists()
    assert (ROOT / "platform" / "kubegrade" / "settings.py").is_file()


def test_platform_is_a_folder_not_a_package():
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_import_platform_is_pythons_own_module_beside_the_source_root():
    """With the repository and platform/ on the path (as manage.py, gunicorn, Celery and
    pytest set it), `import platform` still gives the standard library's module, and the
    modules that use it (uuid, Celery) work."""
    code = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/platform']\n"
            "import platform, uuid\n"
            "assert platform.python_version() and hasattr(platform, 'system'), platform\n"
            "import celery, kubegrade\n"
            "print(platform.__file__)")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("platform.py") and "/platform/" not in done.stdout.replace(
        str(Path(sys.base_prefix)), "")


def test_manage_py_finds_the_project_from_any_directory(tmp_path):
    import secrets

    # production settings need both secrets; given here so the test does not depend on which
    # conftest ran before it
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
           "KUBEGRADE_VARIANT_SECRET": secrets.token_urlsafe(50)}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "CRITICAL"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def test_manage_py_without_secrets_says_what_to_set_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "KUBEGRADE_VARIANT_SECRET", "DJANGO_SETTINGS_MODULE"}}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("manage.py: DJANGO_SECRET_KEY is not set.")
    assert "DJANGO_DEBUG=1" in done.stderr and "Traceback" not in done.stderr
