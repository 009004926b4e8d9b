"""The gradebook as CSV, in two files.

`gradebook_csv_rows`: the layout of Canvas's gradebook import (Canvas's own export:
`Student, ID, SIS User ID, SIS Login ID, Section`, then one column per assignment named
`title (id)` holding the effective score, a `Points Possible` row under the header).
KubeGrade has no Canvas ids: `ID` is left empty, `SIS User ID` and `SIS Login ID` carry
the username, which Canvas matches on; Moodle's "Import grades from CSV" takes the same
file by mapping `SIS Login ID` to username and each assignment column to a grade item.

`gradebook_detail_csv_rows`: one line per student and assignment with what the score is
made of: raw score, late days, penalty, extension, override and its reason, effective score.
"""

import csv
import io

from kubegrade.gradebook.selectors import Gradebook
from kubegrade.security.spreadsheet_cells import neutralise_formula

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
DETAIL_HEADER = ["username", "name", "assignment", "max_score", "raw_score", "late_days", "penalty", "extended_to",
                 "override", "override_reason", "effective_score", "attempts"]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def gradebook_csv_rows(book: Gradebook) -> list[list[str]]:
    header = CANVAS_IDENTITY + [f"{ca.assignment.title_en} ({ca.assignment.slug})" for ca in book.columns]
    points = ["    Points Possible", "", "", "", ""] + [_number(ca.assignment.points) for ca in book.columns]
    lines = [header, points]
    for row in book.rows:
        lines.append([row.name, "", row.username, row.username, book.course.code,
                      *[_number(c.score) for c in row.cells]])
    return lines


def gradebook_detail_csv_rows(book: Gradebook) -> list[list[str]]:
    lines = [DETAIL_HEADER]
    for row in book.rows:
        for ca, c in zip(book.columns, row.cells):
            lines.append([
                row.username, row.name, ca.assignment.slug, _number(c.max_score), _number(c.raw_score),
                str(c.late_days), _number(c.penalty) if c.raw_score is not None else "",
                c.due_at.isoformat() if c.extended and c.due_at else "",
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
