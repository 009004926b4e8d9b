"""The gradebook's fast path (C timestamp decoding, one pass per cell, cells as HTML built
in Python, the API without a nested serializer) shows what the plain rule gives, on a
generated class with overrides, extensions, late attempts, both policies, failed, pending
and not-gradable attempts; and the page, the API and the CSV keep a constant number of
queries from 5 x 4 to 50 x 16."""

import datetime as dt
import json
import math
from collections import defaultdict

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bench.gradebook_data import generate_class
from kubegrade.api.serializers import GradebookRowSerializer
from kubegrade.courses.models import Extension
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.gradebook.table_html import table_html_rows
from kubegrade.grading.models import GradeOverride
from kubegrade.submissions.models import Submission

# The cell as the template wrote it before the cells were built in Python (lane 10T's markup).
TEMPLATE_CELL = Template(
    """{% load i18n %}{% for c in cells %}
      <td class="num{% if c.overridden %} cell-override{% endif %}{% if c.extended %} cell-extended{% endif %}">"""
    """{% if c.score is not None %}{% if c.submission_id %}<a href="{% url 'submissions:detail' c.submission_id %}">"""
    """{{ c.score|floatformat:"-2" }}</a>{% else %}{{ c.score|floatformat:"-2" }}{% endif %}{% else %}"""
    """<span class="muted">—</span>{% endif %}
        {% if c.overridden %}<br><span class="badge override" title="{{ c.override_reason }}">"""
    """{% translate "override" %}</span>{% endif %}
        {% if c.extended %}<br><span class="badge extended" title="{{ c.due_at|date:"Y-m-d H:i T" }}">"""
    """{% translate "extension" %}</span>{% endif %}
        {% if c.late_days %}<br><span class="badge late">{% blocktranslate count d=c.late_days %}{{ d }} day late"""
    """{% plural %}{{ d }} days late{% endblocktranslate %}</span>{% endif %}
        {% if c.attempts %}<div class="muted">{% blocktranslate count n=c.attempts %}{{ n }} attempt{% plural %}"""
    """{{ n }} attempts{% endblocktranslate %}</div>{% endif %}</td>
    {% endfor %}"""
)


def expected_cells(course, columns, students) -> dict:
    """The rule written out plainly from the stored rows: graded, gradable attempts; whole
    days late rounded up against the student's own due date; the factor 1 - days x
    percent/100, zero beyond the allowed days; best (highest penalised, fewer late days
    on a tie) or latest; scaled to the assignment's points; the newest override wins; attempts
    counted as the limit counts them (not failed, not graded as not gradable)."""
    due = {(e.student_id, e.course_assignment_id): e.due_at for e in Extension.objects.all()}
    overrides = {}
    for o in GradeOverride.objects.filter(removed_at__isnull=True).order_by("created_at", "pk"):
        overrides[(o.student_id, o.course_assignment_id)] = o
    subs = defaultdict(list)
    for s in Submission.objects.filter(course_assignment__course=course).order_by("pk"):
        subs[(s.student_id, s.course_assignment_id)].append(s)
    expected = {}
    for student in students:
        for ca in columns:
            key = (student.pk, ca.pk)
            due_at = due.get(key, ca.due_at)
            scored = []
            for s in subs[key]:
                if s.status != "graded" or not s.gradable or s.score is None:
                    continue
                seconds = (s.submitted_at - due_at).total_seconds()
                late = 0 if seconds <= 0 else math.ceil(seconds / 86400)
                factor = 1.0 if late == 0 else 0.0 if late > ca.late_days_max else max(
                    0.0, 1 - late * ca.late_penalty_percent_per_day / 100)
                scored.append((s, late, s.score * factor))
            if ca.score_policy == "latest":
                scored.sort(key=lambda t: t[0].submitted_at, reverse=True)
            else:
                scored.sort(key=lambda t: (-t[2], t[1]))
            points = ca.assignment.points
            cell = {"score": None, "late_days": 0, "submission_id": None, "raw_score": None,
                    # An attempt: any submission but a failed one and one graded not gradable.
                    "attempts": sum(1 for s in subs[key] if s.status != "failed"
                                    and not (s.status == "graded" and s.gradable is False)),
                    "extended": key in due, "due_at": due_at, "override_reason": None}
            if scored:
                s, late, penalised = scored[0]
                scale = points / s.max_score
                cell.update(score=round(penalised * scale, 4), late_days=late, submission_id=s.pk,
                            raw_score=s.score * scale)
            if key in overrides:
                cell.update(score=overrides[key].score, override_reason=overrides[key].reason)
            expected[key] = cell
    return expected


@pytest.fixture
def generated(db):
    return generate_class(code="scale", students=40, assignments=6, seed=2025)


def test_every_cell_is_the_plain_rule_on_a_generated_class(generated):
    book = gradebook_build(course=generated.course)
    expected = expected_cells(generated.course, generated.columns, generated.students)
    got = {(r.student_id, ca.pk): c for r in book.rows for ca, c in zip(book.columns, r.cells)}
    assert got.keys() == expected.keys()
    for key, want in expected.items():
        c = got[key]
        assert (c.score is None) == (want["score"] is None), key
        assert c.score == pytest.approx(want["score"]), key
        assert c.raw_score == pytest.approx(want["raw_score"]), key
        assert (c.late_days, c.submission_id, c.attempts, c.extended, c.due_at, c.override_reason) == (
            want["late_days"], want["submission_id"], want["attempts"], want["extended"], want["due_at"],
            want["override_reason"]), key
    cells = list(expected.values())
    # the generated class exercises every branch of the rule
    assert any(c["override_reason"] for c in cells) and any(c["extended"] for c in cells)
    assert any(c["late_days"] > 0 and c["score"] for c in cells)
    assert any(c["late_days"] > 0 and c["score"] == 0 and not c["override_reason"] for c in cells)
    assert any(c["attempts"] and c["score"] is None for c in cells)
    assert {ca.score_policy for ca in generated.columns} == {"best", "latest"}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_cells_built_in_python_are_the_markup_the_template_wrote(generated, language):
    book = gradebook_build(course=generated.course)
    with translation.override(language):
        for r in table_html_rows(book.rows):
            assert r.cells_html == TEMPLATE_CELL.render(Context({"cells": r.row.cells}))


def test_the_api_json_is_what_the_nested_serializer_gave(generated, client):
    client.force_login(generated.prof)
    response = client.get(f"/api/v1/courses/{generated.course.pk}/gradebook/")
    book = gradebook_build(course=generated.course)
    rows = [{"username": r.username, "name": r.name, "total": r.total,
             "cells": [{"assignment": ca.assignment.slug, "score": c.score, "max_score": c.max_score,
                        "late_days": c.late_days, "overridden": c.overridden, "submission_id": c.submission_id}
                       for ca, c in zip(book.columns, r.cells)]} for r in book.rows]
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(json.dumps(GradebookRowSerializer(rows, many=True).data))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_api_and_csv_take_the_same_number_of_queries_at_5x4_and_50x16(db, client):
    counts = []
    for code, students, assignments in (("small", 5, 4), ("large", 50, 16)):
        made = generate_class(code=code, students=students, assignments=assignments, seed=students)
        client.force_login(made.prof)
        with CaptureQueriesContext(connection) as selector:
            gradebook_build(course=made.course)
        base = f"/courses/{made.course.pk}"
        counts.append((len(selector), _queries(client, f"{base}/gradebook/"),
                       _queries(client, f"/api/v1/courses/{made.course.pk}/gradebook/"),
                       _queries(client, f"{base}/gradebook.csv"), _queries(client, f"{base}/gradebook-detail.csv")))
    assert counts[0] == counts[1]
    assert counts[0][0] == 5


def test_extension_due_dates_keep_their_instant_through_the_fast_decoding(generated):
    book = gradebook_build(course=generated.course)
    extended = [c for r in book.rows for c in r.cells if c.extended]
    stored = {e.due_at for e in Extension.objects.all()}
    assert extended and {c.due_at for c in extended} <= stored
    assert all(c.due_at.utcoffset() == dt.timedelta(0) for r in book.rows for c in r.cells)
