"""The result of one grading, as the platform stores it and as a student reads it.

`GradeReport.to_dict()` follows the grading contract: points (`score` of `max_score`,
and `fraction` in [0, 1]), `gradable` (False: the attempt should not count), a message,
one entry per check (points, max_points, what ran, expected, got, hint, feedback),
the full transcript, timings per phase, and the engine version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.checks import CheckResult
from scoring.messages import text


@dataclass
class GradeReport:
    score: float
    max_score: float
    gradable: bool
    message: str
    checks: list[CheckResult] = field(default_factory=list)
    transcript: str = ""
    timing: dict[str, float] = field(default_factory=dict)
    engine_version: str = ""
    assignment: str = ""
    seed: int = 0
    lang: str = "en"
    first_error: str = ""  # the first of the submission's own lines that failed, with its output
    causes: list = field(default_factory=list)  # scoring.diagnosis.Cause: root causes, each with its checks

    @property
    def fraction(self) -> float:
        return 0.0 if not self.max_score else max(0.0, min(1.0, self.score / self.max_score))

    def check(self, check_id: str) -> CheckResult:
        return next(result for result in self.checks if result.id == check_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score, "max_score": self.max_score, "fraction": round(self.fraction, 4),
            "gradable": self.gradable, "message": self.message,
            "checks": [result.to_dict() for result in self.checks],
            "transcript": self.transcript, "timing": dict(self.timing), "engine_version": self.engine_version,
            "assignment": self.assignment, "seed": self.seed, "lang": self.lang,
            "first_error": self.first_error,
            "causes": [cause.to_dict() for cause in self.causes],
        }


def render_text(report: GradeReport) -> str:
    """The human-readable report `python -m simulator grade` prints, in the report's language."""
    lang = report.lang
    header = text("report_header", lang, assignment=report.assignment, seed=report.seed, score=report.score,
                  max_score=report.max_score)
    lines = [header + ("" if report.gradable else "  " + text("report_not_gradable", lang)), report.message, ""]
    folded = {check_id for cause in report.causes for check_id in cause.checks}
    for cause in report.causes:  # the root cause first, the checks that follow from it under it
        lines.append(f"{text('report_cause', lang)}: {cause.text}")
        if cause.hint:
            lines.append("    " + text("hint", lang, hint=cause.hint))
        lines.extend(_check_lines(report.check(check_id), lang, "    ") for check_id in cause.checks)
        lines.append("")
    lines.extend(_check_lines(result, lang, "") for result in report.checks if result.id not in folded)
    lines.append("")
    lines.append(text("report_footer", lang, ms=report.timing.get("total_ms", 0), version=report.engine_version))
    return "\n".join(lines) + "\n"


def _check_lines(result: CheckResult, lang: str, indent: str) -> str:
    mark = text("mark_pass" if result.passed else ("mark_part" if result.points > 0 else "mark_fail"), lang)
    lines = [f"{indent}[{mark}] {result.id}  {result.title}  ({result.points:g}/{result.max_points:g})"]
    if not result.passed:
        lines.extend(indent + "       " + line for line in result.feedback.splitlines())
    return "\n".join(lines)
