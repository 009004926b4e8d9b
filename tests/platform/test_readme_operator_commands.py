"""The README's operator command runs as written (issue 19, item 12): copied from the README
into a shell at the repository's root, against a fresh SQLite site, it gives a user the right to
create courses. The command once lacked `DJANGO_DEBUG=1` and `.venv/bin/python` and failed."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_command(marker: str) -> str:
    commands = [c for c in re.findall(r"`([^`\n]+)`", (ROOT / "README.md").read_text(encoding="utf-8")) if marker in c]
    assert len(commands) == 1, commands
    return commands[0]


def test_the_readme_command_that_lets_a_user_create_courses_runs_as_written(tmp_path):
    command = readme_command("can_create_courses=True")
    assert command.startswith("DJANGO_DEBUG=1 .venv/bin/python manage.py shell -c ")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "KUBEGRADE_"))}
    env.update(KUBEGRADE_VAR_DIR=str(tmp_path), PATH=os.environ.get("PATH", ""))
    python = ROOT / ".venv" / "bin" / "python"
    assert python.exists() or Path(sys.executable).exists()

    def shell(line: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", line], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    setup = shell("DJANGO_DEBUG=1 .venv/bin/python manage.py migrate --noinput -v0 && DJANGO_DEBUG=1 .venv/bin/python "
                  "manage.py shell -c \"from kubegrade.accounts.models import User; User.objects.create(username='kim')\"")
    assert setup.returncode == 0, setup.stderr
    ran = shell(command)
    assert ran.returncode == 0, ran.stderr
    check = shell("DJANGO_DEBUG=1 .venv/bin/python manage.py shell -c \"from kubegrade.accounts.models import User; "
                  "print(User.objects.get(username='kim').can_create_courses)\"")
    assert check.stdout.strip().splitlines()[-1] == "True", check.stdout + check.stderr  # after shell's banner
