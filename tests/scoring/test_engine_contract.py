"""The engine's contract with the platform: report shape, limits, not-gradable, budgets,
determinism, and bad input graded with feedback rather than a crash."""

from __future__ import annotations

import json

import pytest

from scoring.budget import Budget
from scoring.engine import ENGINE_VERSION, SubmissionRejected, grade_submission

CLUSTERIP = "week4/01-clusterip"


@pytest.fixture
def clusterip(bank):
    return bank[CLUSTERIP]


def test_report_has_the_platform_fields(clusterip):
    files, commands = clusterip.solution(1)
    report = grade_submission(clusterip, files, commands, 1).to_dict()
    assert {"score", "max_score", "gradable", "message", "checks", "transcript", "timing", "engine_version"} <= set(report)
    assert report["engine_version"] == ENGINE_VERSION
    assert 0.0 <= report["fraction"] <= 1.0
    assert report["timing"]["total_ms"] > 0
    for check in report["checks"]:
        assert set(check) == {"id", "title", "points", "max_points", "passed", "run", "expected", "got", "hint", "cause",
                              "cause_expected", "cause_got", "cause_hint", "feedback"}
    json.dumps(report)


def test_same_seed_gives_the_same_grade(clusterip):
    files, commands, _ = clusterip.wrong_submission("targetport-80", 4)
    first = grade_submission(clusterip, files, commands, 4).to_dict()
    second = grade_submission(clusterip, files, commands, 4).to_dict()
    for report in (first, second):
        report.pop("timing")
    assert first == second


def test_another_students_solution_does_not_pass(clusterip):
    files, commands = clusterip.solution(1)
    report = grade_submission(clusterip, files, commands, 2)
    assert report.score < clusterip.points


def test_too_many_files_is_refused_naming_the_limit(clusterip):
    files = {f"extra-{n}.yaml": b"x" for n in range(clusterip.submission.max_files + 1)}
    with pytest.raises(SubmissionRejected, match="max_files=3"):
        grade_submission(clusterip, files, "", 1)


def test_too_many_bytes_is_refused_naming_the_limit(clusterip):
    with pytest.raises(SubmissionRejected, match="max_bytes=20000"):
        grade_submission(clusterip, {"svc-web.yaml": b"#" * 20001}, "", 1)


def test_too_many_commands_is_refused_naming_the_limit(bank):
    assignment = bank["week4/03-dns-fqdn"]
    commands = "kubectl get pods\n" * (assignment.submission.max_commands + 1)
    with pytest.raises(SubmissionRejected, match="max_commands=30"):
        grade_submission(assignment, {}, commands, 1)


def test_path_escaping_the_submission_is_refused(clusterip):
    with pytest.raises(SubmissionRejected, match="relative paths"):
        grade_submission(clusterip, {"../svc-web.yaml": b""}, "", 1)


def test_nothing_handed_in_is_not_gradable(clusterip):
    report = grade_submission(clusterip, {}, "", 1)
    assert report.gradable is False
    assert "svc-web.yaml" in report.message


def test_quiz_without_answers_is_not_gradable(bank):
    report = grade_submission(bank["week4/quiz-01-clusterip"], {}, "", 1, answers={})
    assert report.gradable is False


def test_binary_garbage_is_graded_not_crashed(clusterip):
    report = grade_submission(clusterip, {"svc-web.yaml": bytes(range(256))}, "", 1)
    assert report.gradable and report.score == 0
    assert "svc-web.yaml" in report.transcript


def test_a_manifest_of_the_wrong_kind_is_graded_with_feedback(clusterip):
    pod = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
    report = grade_submission(clusterip, {"svc-web.yaml": pod}, "", 1)
    assert report.score == 0
    assert "not found" in report.check("clusterip.C001").feedback


def test_erroring_commands_are_graded(bank):
    assignment = bank["week4/07-loadbalancer"]
    files, _ = assignment.solution(1)
    report = grade_submission(assignment, files, "kubectl frobnicate\nno-such-program --x\ncurl\n", 1)
    assert report.gradable
    assert "unknown command" in report.transcript
    assert not report.check("loadbalancer.C005").passed


def test_unasked_file_names_are_named_in_the_message(clusterip):
    files, _ = clusterip.solution(1)
    files["notes.txt"] = b"hello"
    report = grade_submission(clusterip, files, "", 1)
    assert report.score == 10
    assert "notes.txt" in report.message


def test_commands_for_a_files_only_assignment_are_ignored_and_said_so(clusterip):
    files, _ = clusterip.solution(1)
    report = grade_submission(clusterip, files, "kubectl delete svc --all\n", 1)
    assert report.score == 10
    assert "commands.sh was ignored" in report.message


def test_time_budget_stops_grading_with_a_clear_message(clusterip):
    files, commands = clusterip.solution(1)
    report = grade_submission(clusterip, files, commands, 1, budget=Budget(seconds=0.0))
    assert report.gradable is False
    assert "time budget" in report.message


def test_feedback_speaks_korean_when_asked(clusterip):
    files, commands, _ = clusterip.wrong_submission("service-port-8080", 1)
    report = grade_submission(clusterip, files, commands, 1, lang="ko")
    assert "힌트" in report.check("clusterip.C004").feedback
    files, commands, _ = clusterip.wrong_submission("selector-typo", 1)
    report = grade_submission(clusterip, files, commands, 1, lang="ko")
    assert "위의 원인 때문입니다" in report.check("clusterip.C002").feedback
    assert report.check("clusterip.C002").title == "Endpoints에 Ready Pod가 모두 있다"


def test_pasted_prompts_in_commands_are_tolerated(bank):
    assignment = bank["week4/07-loadbalancer"]
    files, commands = assignment.solution(1)
    pasted = "\n".join(f"remote > {line}" for line in commands.splitlines())
    assert grade_submission(assignment, files, pasted, 1).score == 10
