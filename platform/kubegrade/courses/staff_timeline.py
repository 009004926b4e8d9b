"""One student's history in a course, newest first, for a TA answering "what happened to
my grade?": submissions and each grading of them (first run and regrades), workspace
runs, extensions, overrides (and their removal), and what was sent to the LMS.

Read only, and in a fixed number of queries (one per source) whatever the history's length.
It says what the rows say; the effective score is the gradebook's (`gradebook.selectors`).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from kubegrade.courses.models import Course, Extension
from kubegrade.grading.models import Grade, GradeOverride
from kubegrade.lti.models import ScoreSend
from kubegrade.submissions.models import Status, Submission
from kubegrade.workspaces.models import EventKind, WorkspaceEvent


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # submitted, graded, regraded, workspace, extension, override, override_removed, passback
    assignment: str
    text: str
    submission_id: int | None = None

    @property
    def assignment_html(self) -> SafeString:
        """The slug with a line-break opportunity after each "/" (a phone breaks `week4/` from the rest)."""
        return mark_safe("/<wbr>".join(escape(part) for part in self.assignment.split("/")))


def _score(score, max_score) -> str:
    return "—" if score is None else f"{score:g}/{max_score:g}"


def _submissions(course: Course, student_id: int) -> list[TimelineEntry]:
    rows = Submission.objects.filter(course_assignment__course=course, student_id=student_id).values_list(
        "pk", "course_assignment__assignment__slug", "attempt", "submitted_at", "status", "status_message")
    return [TimelineEntry(at, "submitted", slug, _("Attempt %(n)s handed in (now %(status)s).")
                          % {"n": attempt, "status": Status(status).label} + (f" {message}" if message else ""), pk)
            for pk, slug, attempt, at, status, message in rows]


def _grades(course: Course, student_id: int) -> list[TimelineEntry]:
    rows = Grade.objects.filter(submission__course_assignment__course=course, submission__student_id=student_id
                                ).values_list("submission_id", "submission__course_assignment__assignment__slug",
                                              "submission__attempt", "graded_at", "score", "max_score", "gradable",
                                              "batch_id")
    entries = []
    for sid, slug, attempt, at, score, max_score, gradable, batch in rows:
        what = (_("Attempt %(n)s graded: %(score)s.") if batch is None
                else _("Attempt %(n)s regraded: %(score)s.")) % {"n": attempt, "score": _score(score, max_score)}
        if not gradable:
            what += " " + _("Not gradable: costs no attempt.")
        entries.append(TimelineEntry(at, "graded" if batch is None else "regraded", slug, what, sid))
    return entries


def _workspace_runs(course: Course, student_id: int) -> list[TimelineEntry]:
    rows = (WorkspaceEvent.objects.filter(workspace__course_assignment__course=course,
                                          workspace__owner_id=student_id, kind=EventKind.COMMAND)
            .values("workspace__course_assignment__assignment__slug", "run")
            .annotate(first=Min("created_at"), last=Max("created_at"), commands=Count("pk")).order_by())
    return [TimelineEntry(r["first"], "workspace", r["workspace__course_assignment__assignment__slug"],
                          _("Workspace run %(run)s: %(n)s commands until %(last)s.")
                          % {"run": r["run"], "n": r["commands"], "last": f"{localtime(r['last']):%H:%M}"})
            for r in rows]


def _extensions(course: Course, student_id: int) -> list[TimelineEntry]:
    rows = Extension.objects.filter(course_assignment__course=course, student_id=student_id).values_list(
        "created_at", "course_assignment__assignment__slug", "due_at", "granted_by__username", "reason")
    return [TimelineEntry(at, "extension", slug, _("Extension to %(due)s by %(by)s.")
                          % {"due": f"{localtime(due):%Y-%m-%d %H:%M %Z}", "by": by or "?"} + (f" {reason}" if reason else ""))
            for at, slug, due, by, reason in rows]


def _overrides(course: Course, student_id: int) -> list[TimelineEntry]:
    rows = GradeOverride.objects.filter(course_assignment__course=course, student_id=student_id).values_list(
        "created_at", "course_assignment__assignment__slug", "score", "course_assignment__assignment__points",
        "created_by__username", "reason", "reason_shown", "removed_at", "removed_by__username")
    entries = []
    for at, slug, score, points, by, reason, shown, removed_at, removed_by in rows:
        shown_text = _("reason shown to the student") if shown else _("reason private to staff")
        entries.append(TimelineEntry(at, "override", slug, _("Override to %(score)s by %(by)s: %(reason)s (%(shown)s).")
                                     % {"score": _score(score, points), "by": by or "?", "reason": reason,
                                        "shown": shown_text}))
        if removed_at is not None:
            entries.append(TimelineEntry(removed_at, "override_removed", slug,
                                         _("Override to %(score)s removed by %(by)s: the computed score counts again.")
                                         % {"score": _score(score, points), "by": removed_by or "?"}))
    return entries


def _passbacks(course: Course, student_id: int) -> list[TimelineEntry]:
    rows = ScoreSend.objects.filter(line_item__course_assignment__course=course, student_id=student_id).values_list(
        "timestamp", "sent_at", "line_item__course_assignment__assignment__slug", "body", "state", "version",
        "sent_version", "answer")
    entries = []
    for timestamp, sent_at, slug, body, state, version, sent_version, answer in rows:
        score = _score(body.get("scoreGiven"), body.get("scoreMaximum", 0)) if body else "—"
        text = _("LMS score %(score)s (version %(v)s): %(state)s, version %(sent)s acknowledged.") % {
            "score": score, "v": version, "state": state, "sent": sent_version}
        entries.append(TimelineEntry(sent_at or timestamp, "passback", slug, text + (f" {answer}" if answer else "")))
    return entries


SOURCES = (_submissions, _grades, _workspace_runs, _extensions, _overrides, _passbacks)


def student_timeline(*, course: Course, student_id: int) -> list[TimelineEntry]:
    """Everything above for one student in one course, newest first (six queries)."""
    entries = [entry for source in SOURCES for entry in source(course, student_id)]
    return sorted(entries, key=lambda e: e.at, reverse=True)
