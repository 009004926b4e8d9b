"""Loading the bank: a changed spec becomes a new version and old grades keep theirs;
`load_assignments` loads the real bank; the demo course gets the Week-4 assignments."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command

from conftest import CLUSTERIP
from kubegrade.courses.demo import demo_course_seed
from kubegrade.courses.models import Assignment, AssignmentVersion
from kubegrade.courses.services import assignment_upsert_from_bank


def bank_entry(content_hash: str, points: float = 10.0):
    limits = SimpleNamespace(files=["svc.yaml"], commands=False, max_files=3, max_bytes=20000, max_commands=50)
    return SimpleNamespace(slug="week4/77-demo", week=4, kind="lab", title={"en": "Demo", "ko": "데모"},
                           points=points, due_days=7, content_hash=content_hash, submission=limits,
                           path="assignments/week4/77-demo")


def test_a_changed_spec_is_a_new_version_and_the_old_one_stays(db):
    first = assignment_upsert_from_bank(bank_entry("aaa"))
    again = assignment_upsert_from_bank(bank_entry("aaa"))
    changed = assignment_upsert_from_bank(bank_entry("bbb", points=12.0))
    assert (first.new_version, again.new_version, changed.new_version) == (True, False, True)
    assignment = Assignment.objects.get(slug="week4/77-demo")
    assert assignment.current_version.content_hash == "bbb" and assignment.points == 12.0
    assert set(AssignmentVersion.objects.values_list("content_hash", flat=True)) == {"aaa", "bbb"}
    assert assignment.current_version.submission_limits["max_bytes"] == 20000 and assignment.title_ko == "데모"


def test_load_assignments_and_seed_demo_build_the_demo_course(db, requires_scoring, capsys):
    call_command("load_assignments")
    assert CLUSTERIP in capsys.readouterr().out
    course, accounts = demo_course_seed()
    assert {a.username for a in accounts} == {"instructor", "student1", "student2"}
    assert course.course_assignments.filter(assignment__slug=CLUSTERIP).exists()
    assert course.course_assignments.filter(assignment__slug="week8/01-statefulset-identity").exists()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "student1" in out and "kube-student1" in out and "instructor" in out
