"""The gradebook as CSV, in two files.

`gradebook_csv_rows`: the layout of Canvas's gradebook import (Canvas's own export:
`Student, ID, SIS User ID, SIS Login ID, Section`, then one column per assignment named
`title (id)` holding the effective score, a `Points Possible` row under the header).
`ID` is the student's KubeGrade user id (Canvas matches a row on `ID`, then `SIS User ID`,
then `SIS Login ID`; an id Canvas does not know falls through to the SIS columns, which
carry the username); Moodle's "Import grades from CSV" takes the same file by mapping
`SIS Login ID` to username and each assignment column to a grade item. Hidden (unpublished)
assignments are left out: students cannot see them, so no LMS grade should come from them.

`gradebook_detail_csv_rows`: one line per student and assignment with what the score is
made of: raw score, late days, penalty, extension, override and its reason, effective score.
Times are written in the course's zone with their offset (`courses.course_time_zone`).
"""

import csv
import io

from django.utils import timezone

from kubegrade.courses.course_time_zone import course_zone
from kubegrade.gradebook.selectors import Gradebook
from kubegrade.security.spreadsheet_cells import neutralise_formula

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
DETAIL_HEADER = ["username", "name", "assignment", "max_score", "raw_score", "late_days", "penalty", "extended_to",
                 "override", "override_reason", "effective_score", "attempts"]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def gradebook_csv_rows(book: Gradebook) -> list[list[str]]:
    shown = book.published_columns
    columns = [book.columns[i] for i in shown]
    header = CANVAS_IDENTITY + [f"{ca.assignment.title_en} ({ca.assignment.slug})" for ca in columns]
    points = ["    Points Possible", "", "", "", ""] + [_number(ca.assignment.points) for ca in columns]
    lines = [header, points]
    for row in book.rows:
        lines.append([row.name, str(row.student_id), row.username, row.username, book.course.code,
                      *[_number(row.cells[i].score) for i in shown]])
    return lines


def gradebook_detail_csv_rows(book: Gradebook) -> list[list[str]]:
    """Times in the course's zone, with its offset (`2031-01-02T23:59:00+09:00`), as its pages show them."""
    zone = course_zone(book.course)
    lines = [DETAIL_HEADER]
    for row in book.rows:
        for ca, c in zip(book.columns, row.cells):
            lines.append([
                row.username, row.name, ca.assignment.slug, _number(c.max_score), _number(c.raw_score),
                str(c.late_days), _number(c.penalty) if c.raw_score is not None else "",
                timezone.localtime(c.due_at, zone).isoformat() if c.extended and c.due_at else "",
                _number(c.score) if c.overridden else "", c.override_reason or "", _number(c.score), str(c.attempts),
            ])
    return lines


def csv_text(lines: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[neutralise_formula(cell) for cell in line] for line in lines])
    return buffer.getvalue()


def gradebook_csv_text(book: Gradebook) -> str:
    return csv_text(gradebook_csv_rows(book))


def gradebook_detail_csv_text(book: Gradebook) -> str:
    return csv_text(gradebook_detail_csv_rows(book))
