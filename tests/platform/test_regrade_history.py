"""Regrades keep history honest: a submission keeps the phase times of its own grading
run, and each regrade is its own entry on the submission's timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import report_for
from kubegrade.grading.regrade import regrade_entries_for_submission, regrade_start
from kubegrade.grading.services import submission_grade
from kubegrade.submissions.models import Submission
from platform_factories import SubmissionFactory


@pytest.fixture
def graded_an_hour_ago(course_world, stub_engine):
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    sub = SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice,
                            submitted_at=hour_ago, queued_at=hour_ago)
    submission_grade(submission_id=sub.pk)
    Submission.objects.filter(pk=sub.pk).update(started_at=hour_ago, graded_at=hour_ago + dt.timedelta(seconds=1))
    return Submission.objects.get(pk=sub.pk)


def _regrade(course_world, callbacks_fixture):
    with callbacks_fixture(execute=True):
        return regrade_start(course_assignment=course_world.lab, by=course_world.prof)


def test_regrade_all_keeps_the_submissions_own_phase_times(graded_an_hour_ago, course_world, stub_engine,
                                                           django_capture_on_commit_callbacks):
    stub_engine.report = report_for(4.0)
    _regrade(course_world, django_capture_on_commit_callbacks)
    after = Submission.objects.get(pk=graded_an_hour_ago.pk)
    assert after.graded_at == graded_an_hour_ago.graded_at
    assert after.started_at == graded_an_hour_ago.started_at
    assert after.score == 4.0  # the score still mirrors the newest grade


def test_each_regrade_is_its_own_timeline_entry_with_its_score(graded_an_hour_ago, course_world, stub_engine,
                                                               django_capture_on_commit_callbacks):
    stub_engine.report = report_for(4.0)
    first = _regrade(course_world, django_capture_on_commit_callbacks)
    stub_engine.report = report_for(6.0)
    second = _regrade(course_world, django_capture_on_commit_callbacks)
    entries = regrade_entries_for_submission(submission_id=graded_an_hour_ago.pk)
    assert [(e.batch_id, e.score, e.by) for e in entries] == [(first.pk, 4.0, "prof"), (second.pk, 6.0, "prof")]
    assert all(e.started_at and e.finished_at and e.started_at <= e.finished_at for e in entries)
    assert entries[0].finished_at > graded_an_hour_ago.graded_at


def test_the_result_page_lists_each_regrade(graded_an_hour_ago, course_world, stub_engine, client,
                                            django_capture_on_commit_callbacks):
    batch = _regrade(course_world, django_capture_on_commit_callbacks)
    client.force_login(course_world.prof)
    page = client.get(f"/submissions/{graded_an_hour_ago.pk}/").content.decode()
    assert f'id="regrade-{batch.pk}"' in page and f"Regrade #{batch.pk}" in page
