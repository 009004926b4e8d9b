"""One rule for an assignment's limits (`over_limit`): the engine refuses with it, the
platform checks uploads with it, so what is accepted is never refused later."""

from __future__ import annotations

import pytest

from scoring.bank import SubmissionSpec
from scoring.submission import OverLimit, SubmissionRejected, enforce_limits, over_limit

LIMITS = SubmissionSpec(files=["svc.yaml"], commands=True, max_files=2, max_bytes=100, max_commands=3)


def test_a_submission_within_every_limit_is_over_none():
    assert over_limit(LIMITS, {"svc.yaml": b"x" * 60}, "kubectl get svc\n") is None


def test_files_over_the_count_name_max_files():
    assert over_limit(LIMITS, {"a": b"", "b": b"", "c": b""}, "") == OverLimit("max_files", 2, 3)


def test_bytes_count_the_files_and_the_commands_together():
    # 90 bytes of file and 16 of commands: each alone is under 100, together over
    commands = "kubectl get svc\n"
    assert over_limit(LIMITS, {"svc.yaml": b"x" * 90}, commands) == OverLimit("max_bytes", 100, 106)


def test_commands_count_as_the_shell_runs_them():
    assert over_limit(LIMITS, {}, "a; b && c | d\n") == OverLimit("max_commands", 3, 4)


def test_commands_are_not_counted_where_the_assignment_takes_none():
    no_commands = SubmissionSpec(files=["svc.yaml"], commands=False, max_files=2, max_bytes=100, max_commands=3)
    assert over_limit(no_commands, {}, "a; b; c; d\n") is None


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "too large: 106 bytes handed in, the limit is max_bytes=100"),
    ("ko", "제출물이 너무 큽니다: 106바이트 제출, 제한은 max_bytes=100"),
])
def test_the_engine_refuses_naming_the_limit_in_the_students_language(lang, message):
    with pytest.raises(SubmissionRejected) as refused:
        enforce_limits(LIMITS, {"svc.yaml": b"x" * 90}, "kubectl get svc\n", lang)
    assert str(refused.value) == message
