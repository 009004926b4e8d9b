"""Nothing a student hands in takes a worker down: each pool process caps its address
space, a grading that reaches the cap is stored as "out of memory", and Celery replaces
a pool process whose memory has grown."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CAPPED_CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from scoring.budget import cap_address_space, virtual_size_bytes
    before = virtual_size_bytes()
    limit = cap_address_space(256)
    try:
        hog = bytearray(1024 ** 3)
        outcome = "allocated"
    except MemoryError:
        outcome = "MemoryError"
    print(json.dumps({"before": before, "limit": limit, "outcome": outcome}))
""")


def test_a_capped_process_gets_memory_error_instead_of_growing_past_the_ceiling():
    done = subprocess.run([sys.executable, "-c", CAPPED_CHILD, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    import json

    result = json.loads(done.stdout)
    assert result["limit"] == result["before"] + 256 * 1024 * 1024
    assert result["outcome"] == "MemoryError"


def test_the_cap_is_never_raised_above_an_existing_lower_limit():
    child = textwrap.dedent("""
        import resource, sys
        sys.path.insert(0, sys.argv[1])
        from scoring.budget import cap_address_space, virtual_size_bytes
        low = virtual_size_bytes() + 64 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (low, resource.RLIM_INFINITY))
        print(cap_address_space(2048), resource.getrlimit(resource.RLIMIT_AS)[0] == low)
    """)
    done = subprocess.run([sys.executable, "-c", child, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["None", "True"], done.stderr


def test_a_grading_that_reaches_the_ceiling_is_reported_out_of_memory(monkeypatch, requires_scoring):
    import scoring.engine as engine
    from scoring.bank import load_bank

    def exhausted(*args, **kwargs):
        raise MemoryError

    lab = {a.slug: a for a in load_bank(ROOT / "assignments")}["week4/01-clusterip"]
    files, commands = lab.solution(1)
    monkeypatch.setattr(engine, "_grade_lab", exhausted)
    report = engine.grade_submission(lab, files, commands, 1)
    assert not report.gradable and report.score == 0
    assert "out of memory: the grading process reached its memory ceiling" in report.message


def test_workers_replace_a_pool_process_past_the_memory_ceiling(settings):
    from kubegrade.celery import app

    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD == 768 * 1024
    assert app.conf.worker_max_memory_per_child == 768 * 1024
    assert settings.KUBEGRADE_GRADING_ADDRESS_SPACE_MB == 2048
