"""The gradebook as CSV rows: one line per student, a column per assignment, the
total, and which cells were overridden by staff."""

import csv
import io

from kubegrade.gradebook.selectors import Gradebook


def gradebook_csv_rows(book: Gradebook) -> list[list[str]]:
    header = ["username", "name"] + [ca.assignment.slug for ca in book.columns] + ["total", "overridden"]
    lines = [header]
    for row in book.rows:
        scores = ["" if c.score is None else f"{c.score:.2f}" for c in row.cells]
        overridden = ";".join(ca.assignment.slug for ca, c in zip(book.columns, row.cells) if c.overridden)
        lines.append([row.username, row.name, *scores, f"{row.total:.2f}", overridden])
    return lines


def gradebook_csv_text(book: Gradebook) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(gradebook_csv_rows(book))
    return buffer.getvalue()
