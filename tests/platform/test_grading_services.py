"""submission_grade and the stuck-submission job: one grade per run however often a
task is delivered, failures recorded with a message, lost work re-sent."""

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from conftest import report_for
from kubegrade.grading import stuck
from kubegrade.grading.models import Grade, ItemStatus, RegradeItem
from kubegrade.grading.regrade import regrade_progress, regrade_start
from kubegrade.grading.services import _grade_store, submission_grade
from kubegrade.grading.engine import EngineOutcome
from kubegrade.submissions.models import Status, Submission
from platform_factories import SubmissionFactory


@pytest.fixture
def queued(course_world):
    now = timezone.now()
    return SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice,
                             submitted_at=now, queued_at=now)


def test_grading_stores_the_report_and_each_phase_time(queued, stub_engine):
    grade = submission_grade(submission_id=queued.pk)
    queued.refresh_from_db()
    assert grade.score == 10.0 and grade.checks[0]["id"] == "svc.selector" and grade.transcript
    assert queued.status == Status.GRADED and queued.score == 10.0 and queued.gradable is True
    assert queued.submitted_at <= queued.queued_at <= queued.started_at <= queued.graded_at
    assert grade.version == queued.version


def test_a_redelivered_task_makes_no_second_grade(queued, stub_engine):
    submission_grade(submission_id=queued.pk)
    assert submission_grade(submission_id=queued.pk) is None
    assert Grade.objects.filter(submission=queued).count() == 1 and stub_engine.calls == 1


def test_two_racing_deliveries_store_one_grade(queued, stub_engine):
    outcome = EngineOutcome(report=report_for(7.0), content_hash=queued.version.content_hash)
    first = _grade_store(queued, outcome, batch=None)
    second = _grade_store(queued, EngineOutcome(report_for(3.0), queued.version.content_hash), batch=None)
    assert first is not None and second is None
    assert list(Grade.objects.filter(submission=queued).values_list("score", flat=True)) == [7.0]


def test_a_not_gradable_report_is_stored_as_such(queued, stub_engine):
    stub_engine.report = report_for(0.0) | {"gradable": False, "message": "service.yaml: not valid YAML"}
    submission_grade(submission_id=queued.pk)
    queued.refresh_from_db()
    assert queued.gradable is False and "not valid YAML" in queued.status_message


@pytest.mark.parametrize(("error", "message"), [
    (RuntimeError("boom"), "The grader failed: RuntimeError: boom"),
    (SoftTimeLimitExceeded(), "longer than the"),
])
def test_an_engine_failure_marks_the_submission_failed_with_a_message(queued, stub_engine, error, message):
    stub_engine.error = error
    assert submission_grade(submission_id=queued.pk) is None
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and message in queued.status_message
    assert not Grade.objects.exists()


def test_a_missing_submission_is_ignored_quietly(db, stub_engine):
    assert submission_grade(submission_id=987654) is None


def _age(submission_id: int, minutes: int, status: str) -> None:
    past = timezone.now() - dt.timedelta(minutes=minutes)
    Submission.objects.filter(pk=submission_id).update(
        status=status, submitted_at=past, queued_at=past, started_at=past if status == Status.RUNNING else None
    )


def test_stuck_submissions_are_requeued_and_graded_once(course_world, stub_engine, settings):
    settings.KUBEGRADE_STUCK_AFTER_SECONDS = 300
    old_queued = SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice)
    old_running = SubmissionFactory(course_assignment=course_world.lab, student=course_world.bob)
    fresh = SubmissionFactory(course_assignment=course_world.lab, student=course_world.bob,
                              queued_at=timezone.now())
    _age(old_queued.pk, 10, Status.QUEUED)
    _age(old_running.pk, 10, Status.RUNNING)
    assert stuck.requeue_stuck() == 2  # eager mode: the re-sent tasks ran
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses[old_queued.pk] == statuses[old_running.pk] == Status.GRADED
    assert statuses[fresh.pk] == Status.QUEUED
    assert Grade.objects.count() == 2 and stuck.requeue_stuck() == 0


def test_a_submission_that_keeps_getting_stuck_is_given_up_with_a_message(course_world, stub_engine):
    sub = SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice,
                            requeue_count=stuck.MAX_REQUEUES)
    _age(sub.pk, 60, Status.RUNNING)
    stuck.requeue_stuck()
    sub.refresh_from_db()
    assert sub.status == Status.FAILED and "regrade" in sub.status_message


def test_regrade_all_grades_each_submission_again_and_keeps_old_grades(course_world, stub_engine,
                                                                       django_capture_on_commit_callbacks):
    subs = [SubmissionFactory(course_assignment=course_world.lab, student=s) for s in
            (course_world.alice, course_world.bob)]
    for s in subs:
        submission_grade(submission_id=s.pk)
    stub_engine.report = report_for(4.0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = regrade_start(course_assignment=course_world.lab, by=course_world.prof)
    progress = regrade_progress(batch=batch)
    assert (progress.total, progress.done, progress.finished) == (2, 0, False)
    for cb in callbacks:
        cb()
    progress = regrade_progress(batch=batch)
    assert (progress.done, progress.percent, progress.finished) == (2, 100, True)
    batch.refresh_from_db()
    assert batch.finished_at is not None
    assert Grade.objects.count() == 4
    assert set(Submission.objects.values_list("score", flat=True)) == {4.0}
    assert submission_grade(submission_id=subs[0].pk, batch_id=batch.pk) is None


def test_a_lost_regrade_item_is_requeued(course_world, stub_engine, django_capture_on_commit_callbacks):
    sub = SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice)
    submission_grade(submission_id=sub.pk)
    with django_capture_on_commit_callbacks(execute=False):
        batch = regrade_start(course_assignment=course_world.lab, by=course_world.prof)
    RegradeItem.objects.update(queued_at=timezone.now() - dt.timedelta(hours=1))
    assert stuck.requeue_stuck() == 1
    assert RegradeItem.objects.get().status == ItemStatus.DONE
    assert regrade_progress(batch=batch).finished
