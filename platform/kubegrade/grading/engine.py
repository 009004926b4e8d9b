"""Runs the scoring engine on a stored submission and returns its report as a dict.

The one place the platform calls `scoring.engine.grade_submission`. It turns the
engine's `SubmissionRejected` into a not-gradable report (a format error costs no
points and shows its message; `scoring.engine.rejected_report`, so every report has the
one shape of `GradeReport.to_dict`) and does nothing about time limits or storage.
"""

from dataclasses import dataclass

from kubegrade.courses.bank import bank_assignment


@dataclass(frozen=True)
class EngineOutcome:
    report: dict
    content_hash: str


def engine_run(*, slug: str, content_hash: str, files: dict[str, str], commands: str, seed: int,
               answers: dict[str, str] | None, lang: str = "en") -> EngineOutcome:
    from scoring.engine import SubmissionRejected, grade_submission, rejected_report

    assignment = bank_assignment(slug, content_hash)
    payload = {name: text.encode("utf-8") for name, text in files.items()}
    try:
        report = grade_submission(assignment, payload, commands, seed, answers=answers, lang=lang)
    except SubmissionRejected as exc:
        report = rejected_report(assignment, exc, seed, lang)
    return EngineOutcome(report=report.to_dict(), content_hash=assignment.content_hash)


def transcript_probe_headers() -> set[str]:
    """The header lines (in every language) that open a transcript's section of the
    grader's own checks, which `submissions.feedback_policy` withholds with the answers."""
    from scoring.messages import LANGS, text

    return {text("transcript_checks", lang) for lang in LANGS}


def cap_grading_process_memory(headroom_mb: int) -> int | None:
    """Cap this process's address space for grading (see scoring.budget.cap_address_space)."""
    from scoring.budget import cap_address_space

    return cap_address_space(headroom_mb)
