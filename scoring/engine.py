"""Grade one submission on a fresh simulated cluster: `grade_submission(...) -> GradeReport`.

The steps: refuse what is over the declared limits (`SubmissionRejected`); report
"not gradable" when nothing the spec asks for was handed in; build the seeded cluster
with the spec's setup; apply the files and run the student's commands; settle; run
every check (labs) or mark every answer (quizzes). A grade is a pure function of
(assignment, files, commands, answers, seed, ENGINE_VERSION + simulator). Broken
YAML and failing commands are graded like any other mistake, in the transcript and
the checks' feedback; a grading over its time or memory budget stops with a message.
"""

from __future__ import annotations

import time

from scoring.bank import Assignment
from scoring.budget import Budget, BudgetExceeded, BudgetGuard
from scoring.checks import CheckResult, GradingContext, run_check
from scoring.diagnosis import diagnose
from scoring.facts import Facts
from scoring.first_error import expected_failures, first_failure
from scoring.messages import Phrase, localize, pick, text
from scoring.replay import build_cluster, format_entry, run_submission
from scoring.report import GradeReport
from scoring.submission import SubmissionRejected, asked_for, command_lines, describe_wanted, enforce_limits
from scoring.templates import render

__all__ = ["ENGINE_VERSION", "GradeReport", "SubmissionRejected", "grade_submission", "rejected_report"]

ENGINE_VERSION = "scoring-1.0"
DEFAULT_SETTLE = 30


class _Phases:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.last = self.started
        self.timing: dict[str, float] = {"started_at": time.time()}

    def mark(self, phase: str) -> None:
        now = time.perf_counter()
        self.timing[f"{phase}_ms"] = round((now - self.last) * 1000, 3)
        self.last = now

    def done(self) -> dict[str, float]:
        self.timing["total_ms"] = round((time.perf_counter() - self.started) * 1000, 3)
        self.timing["finished_at"] = time.time()
        return self.timing


def grade_submission(assignment: Assignment, files: dict[str, bytes], commands: str, seed: int,
                     answers: dict[str, str] | None = None, *, lang: str = "en",
                     budget: Budget | None = None) -> GradeReport:
    files, commands = dict(files or {}), commands or ""
    enforce_limits(assignment.submission, files, commands, lang)
    phases = _Phases()
    report = GradeReport(0.0, assignment.points, True, "", engine_version=ENGINE_VERSION,
                         assignment=assignment.slug, seed=seed, lang=lang)
    try:
        with BudgetGuard(budget or Budget()) as guard:
            if assignment.kind == "quiz":
                _grade_quiz(assignment, answers or {}, seed, lang, report, guard, phases)
            else:
                _grade_lab(assignment, files, commands, seed, lang, report, guard, phases)
    except BudgetExceeded as error:
        report.gradable, report.score = False, 0.0
        report.message = text("budget", lang, reason=error)
    except MemoryError:  # the process's own ceiling (RLIMIT_AS in the worker) was reached first
        report.gradable, report.score, report.checks = False, 0.0, []
        report.message = text("budget", lang, reason=localize(Phrase("over_process_memory"), lang))
    report.timing = phases.done()
    return report


def rejected_report(assignment: Assignment, rejection: SubmissionRejected, seed: int, lang: str = "en"
                    ) -> GradeReport:
    """A submission refused over a limit, as a report: not gradable (a format error costs
    no attempt), its message the refusal, which names the limit in the student's language."""
    return GradeReport(0.0, float(assignment.points), False, str(rejection), assignment=assignment.slug, seed=seed,
                       lang=lang)


def _grade_lab(assignment: Assignment, files: dict[str, bytes], commands: str, seed: int, lang: str,
               report: GradeReport, guard: BudgetGuard, phases: _Phases) -> None:
    spec = assignment.submission
    if not asked_for(spec, files, commands):
        report.gradable = False
        got = ", ".join(sorted(files)) or text("none", lang)
        report.message = text("not_gradable", lang, wanted=describe_wanted(spec), got=got)
        return
    cluster, setup_lines = build_cluster(assignment, seed, guard)
    phases.mark("setup")
    variables = assignment.variant(seed)
    facts = Facts(cluster, variables, assignment.spec.get("facts") or {})
    facts.compute_setup_facts()
    lines = [render(line, variables) for line in assignment.spec.get("apply", [])]
    lines += command_lines(commands) if spec.commands else []
    settle = float(assignment.spec.get("settle_seconds", DEFAULT_SETTLE))
    entries, executed = run_submission(cluster, files, lines, settle, guard)
    report.first_error = first_failure(entries, expected_failures(assignment.spec["checks"]))
    phases.mark("submission")
    context = GradingContext(cluster, facts, entries, lang, guard, executed)
    report.checks = [_safe_check(context, check) for check in assignment.spec["checks"]]
    report.causes = diagnose(cluster, assignment.spec, variables, report.checks, lang)
    phases.mark("checks")
    report.score = round(sum(result.points for result in report.checks), 2)
    report.message = _lab_message(assignment, files, commands, report, lang)
    report.transcript = _transcript(setup_lines, [format_entry(entry) for entry in entries], context.ran, lang)


def _safe_check(context: GradingContext, check: dict) -> CheckResult:
    """A check that crashes costs its points with the error as feedback; grading goes on."""
    try:
        return run_check(context, check)
    except BudgetExceeded:
        raise
    except Exception as error:  # noqa: BLE001 - one broken check must not lose the whole report
        detail = f"{type(error).__name__}: {localize(error, context.lang)}"
        return CheckResult(check["id"], pick(check["title"], context.lang), 0.0, float(check["points"]),
                           False, "", "", detail, "", text("check_crashed", context.lang, error=detail))


def _lab_message(assignment: Assignment, files: dict, commands: str, report: GradeReport, lang: str) -> str:
    spec = assignment.submission
    parts = [text("graded", lang, score=report.score, max_score=report.max_score)]
    unasked = sorted(name for name in files if name not in spec.files)
    missing = [name for name in spec.files if name not in files]
    if unasked:
        parts.append(text("unasked_files", lang, names=", ".join(unasked), wanted=describe_wanted(spec)))
    if missing:
        parts.append(text("missing_files", lang, names=", ".join(missing)))
    if commands.strip() and not spec.commands:
        parts.append(text("commands_ignored", lang))
    return " ".join(parts)


def _transcript(setup: list[str], student: list[str], checks: list[str], lang: str) -> str:
    sections = [("transcript_setup", setup), ("transcript_submission", student), ("transcript_checks", checks)]
    return "\n".join(f"{text(title, lang)}\n" + "".join(body) for title, body in sections)


def _grade_quiz(assignment: Assignment, answers: dict[str, str], seed: int, lang: str, report: GradeReport,
                guard: BudgetGuard, phases: _Phases) -> None:
    from scoring.quiz import grade_answers

    if not any(str(value).strip() for value in answers.values()):
        report.gradable = False
        report.message = text("no_answers", lang)
        return
    report.checks, report.transcript = grade_answers(assignment, answers, seed, lang, guard)
    phases.mark("checks")
    report.score = round(sum(result.points for result in report.checks), 2)
    report.message = text("graded", lang, score=report.score, max_score=report.max_score)
