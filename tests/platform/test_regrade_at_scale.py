"""Regrade-all that scales: the POST only stores the batch, a task sends the work in
chunks, finished items are counted on the batch, and the stuck job touches an item only
while it is still stuck (issue 13)."""

import datetime as dt

import pytest
from django.utils import timezone

from kubegrade.grading import queue, regrade, stuck
from kubegrade.grading.models import Grade, ItemStatus, RegradeBatch, RegradeItem
from kubegrade.grading.regrade import regrade_progress, regrade_start
from kubegrade.grading.services import submission_grade
from kubegrade.grading.tasks import grade_submission_task
from kubegrade.submissions.models import Submission
from platform_factories import SubmissionFactory


@pytest.fixture
def graded_three(course_world, stub_engine):
    """Three graded submissions of the lab (alice twice, bob once)."""
    subs = [SubmissionFactory(course_assignment=course_world.lab, student=s)
            for s in (course_world.alice, course_world.alice, course_world.bob)]
    for sub in subs:
        submission_grade(submission_id=sub.pk)
    return subs


@pytest.fixture
def drained_broker(monkeypatch):
    monkeypatch.setattr(queue, "broker_queue_depth", lambda **kwargs: 0)


def _start_without_fanout(course_world, django_capture_on_commit_callbacks) -> RegradeBatch:
    with django_capture_on_commit_callbacks(execute=False):
        return regrade_start(course_assignment=course_world.lab, by=course_world.prof)


def _running_since(minutes: int, **filters) -> None:
    past = timezone.now() - dt.timedelta(minutes=minutes)
    RegradeItem.objects.filter(**filters).update(status=ItemStatus.RUNNING, queued_at=past, started_at=past)


def test_the_post_stores_the_batch_and_queues_one_fanout_task_not_a_message_per_item(
        course_world, graded_three, django_capture_on_commit_callbacks, django_assert_max_num_queries, monkeypatch):
    sent = []
    monkeypatch.setattr(grade_submission_task, "apply_async", lambda *a, **k: sent.append((a, k)))
    with django_assert_max_num_queries(12):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            batch = regrade_start(course_assignment=course_world.lab, by=course_world.prof)
    assert batch.total == 3 and len(callbacks) == 1 and sent == []
    assert RegradeItem.objects.filter(batch=batch, status=ItemStatus.QUEUED, queued_at__isnull=True).count() == 3


def test_a_second_post_while_the_batch_runs_returns_the_running_batch(course_world, graded_three,
                                                                        django_capture_on_commit_callbacks):
    first = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    second = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    assert second.pk == first.pk and RegradeBatch.objects.count() == 1 and RegradeItem.objects.count() == 3


def test_the_fanout_sends_every_item_once_in_chunks_and_marks_each_chunk_queued(
        course_world, graded_three, django_capture_on_commit_callbacks, monkeypatch):
    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    chunks = []
    monkeypatch.setattr(queue, "FANOUT_CHUNK", 2)
    monkeypatch.setattr(queue, "_send_regrades", lambda batch_id, groups: chunks.append(sum(groups, [])))
    assert queue.regrade_fanout(batch_id=batch.pk) == 3
    assert [len(c) for c in chunks] == [2, 1]
    assert sorted(sum(chunks, [])) == sorted(s.pk for s in graded_three)
    assert not RegradeItem.objects.filter(queued_at__isnull=True).exists()
    assert queue.regrade_fanout(batch_id=batch.pk) == 0  # a redelivered fan-out sends nothing again


def test_a_students_attempts_go_to_one_worker_in_one_message(course_world, graded_three,
                                                              django_capture_on_commit_callbacks, monkeypatch):
    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    sent = []
    monkeypatch.setattr(queue, "_send_regrades", lambda batch_id, groups: sent.extend(groups))
    queue.regrade_fanout(batch_id=batch.pk)
    alice_twice, bob_once = [graded_three[0].pk, graded_three[1].pk], [graded_three[2].pk]
    assert sorted(sent) == sorted([alice_twice, bob_once])


def test_a_group_past_half_the_time_limit_sends_the_rest_one_message_each(
        course_world, graded_three, stub_engine, django_capture_on_commit_callbacks, monkeypatch, settings):
    from kubegrade.grading import services

    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT = 30
    clock = iter([0.0, 1.0, 16.0])
    monkeypatch.setattr(services, "monotonic", lambda: next(clock))
    singly = []
    monkeypatch.setattr(services, "_send_singly", lambda batch_id, ids: singly.extend(ids))
    ids = [s.pk for s in graded_three]
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    RegradeItem.objects.filter(batch=batch).update(queued_at=an_hour_ago)
    assert services.regrade_group_grade(batch_id=batch.pk, submission_ids=ids) == 1
    assert singly == ids[1:]
    assert RegradeItem.objects.get(batch=batch, submission_id=ids[0]).status == ItemStatus.DONE
    # The rest were held by this group, not lost: the stuck job must not re-send them too.
    assert not RegradeItem.objects.filter(batch=batch, queued_at__lte=an_hour_ago).exists()


def test_a_fanout_stopped_midway_is_resumed_by_the_stuck_job_without_resending_what_was_sent(
        course_world, graded_three, django_capture_on_commit_callbacks, monkeypatch, drained_broker, settings):
    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    chunks = []

    def broker_dies_after_the_first_chunk(batch_id, groups):
        if chunks:
            raise ConnectionError("broker gone")
        chunks.append(sum(groups, []))

    monkeypatch.setattr(queue, "FANOUT_CHUNK", 2)
    monkeypatch.setattr(queue, "_send_regrades", broker_dies_after_the_first_chunk)
    assert queue.regrade_fanout(batch_id=batch.pk) == 2
    assert RegradeItem.objects.filter(queued_at__isnull=True).count() == 1
    # Later, the queue has drained and the batch is older than the stuck threshold.
    RegradeBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    RegradeItem.objects.filter(queued_at__isnull=False).update(queued_at=timezone.now())
    monkeypatch.setattr(queue, "_send_regrades", lambda batch_id, groups: chunks.append(sum(groups, [])))
    stuck.requeue_stuck()  # eager: the fan-out task runs in-process
    assert [len(c) for c in chunks] == [2, 1]
    assert len(set(sum(chunks, []))) == 3


def test_regrade_all_counts_each_finished_item_and_closes_the_batch_with_the_last(
        course_world, graded_three, stub_engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = regrade_start(course_assignment=course_world.lab, by=course_world.prof)
    progress = regrade_progress(batch=batch)
    assert (progress.total, progress.done, progress.failed, progress.pending, progress.finished) == (3, 3, 0, 0, True)
    assert RegradeBatch.objects.get(pk=batch.pk).finished_at is not None
    assert Grade.objects.filter(batch=batch).count() == 3


def test_progress_is_read_in_one_query_whatever_the_batch_size(course_world, graded_three,
                                                               django_capture_on_commit_callbacks,
                                                               django_assert_num_queries):
    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        progress = regrade_progress(batch=batch)
    assert (progress.total, progress.pending, progress.percent) == (3, 3, 0)


def test_an_item_that_finishes_between_the_stuck_jobs_select_and_its_update_stays_done(
        course_world, graded_three, stub_engine, django_capture_on_commit_callbacks, monkeypatch, drained_broker):
    """Two items look dead to the stuck job's SELECT; while it re-sends the first, the
    worker that held the second finishes it. The second must stay done, not go back to
    queued (its re-run would hit the one-grade-per-batch constraint and leave it running
    for good, and progress would show pending=1 forever)."""
    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    first, second = graded_three[0].pk, graded_three[2].pk
    submission_grade(submission_id=graded_three[1].pk, batch_id=batch.pk)  # a third, graded in time
    _running_since(60, batch=batch, submission_id__in=[first, second])
    sent = []

    def send_and_let_the_other_worker_finish(args, kwargs):
        sent.append(args[0])
        if len(sent) == 1:
            other = second if args[0] == first else first
            submission_grade(submission_id=other, batch_id=batch.pk)  # the slow worker's grade lands now

    monkeypatch.setattr(grade_submission_task, "apply_async",
                        lambda args, kwargs=None, **_: send_and_let_the_other_worker_finish(args, kwargs))
    stuck.requeue_stuck()
    assert len(sent) == 1
    statuses = dict(RegradeItem.objects.filter(batch=batch).values_list("submission_id", "status"))
    finished_by_worker = second if sent[0] == first else first
    assert statuses[finished_by_worker] == ItemStatus.DONE
    submission_grade(submission_id=sent[0], batch_id=batch.pk)  # the re-sent message is delivered
    progress = regrade_progress(batch=batch)
    assert (progress.done, progress.pending, progress.finished) == (3, 0, True)


def test_a_regrade_item_that_keeps_getting_stuck_is_given_up_and_counted_as_failed(
        course_world, graded_three, django_capture_on_commit_callbacks, drained_broker):
    batch = _start_without_fanout(course_world, django_capture_on_commit_callbacks)
    RegradeItem.objects.filter(batch=batch).update(status=ItemStatus.DONE, queued_at=timezone.now())
    RegradeBatch.objects.filter(pk=batch.pk).update(done=2)
    stubborn = graded_three[2].pk
    _running_since(60, batch=batch, submission_id=stubborn)
    RegradeItem.objects.filter(batch=batch, submission_id=stubborn).update(requeue_count=stuck.MAX_REQUEUES)
    stuck.requeue_stuck()
    item = RegradeItem.objects.get(batch=batch, submission_id=stubborn)
    assert item.status == ItemStatus.FAILED and f"after {stuck.MAX_REQUEUES} tries" in item.message
    progress = regrade_progress(batch=batch)
    assert (progress.done, progress.failed, progress.finished) == (2, 1, True)


def test_a_regrade_tells_the_lms_once_when_its_batch_closes(course_world, graded_three, stub_engine,
                                                           django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(regrade, "effective_grades_changed", lambda **kwargs: calls.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        regrade_start(course_assignment=course_world.lab, by=course_world.prof)
    assert calls == [{"course_assignment_id": course_world.lab.pk}]
    assert Submission.objects.filter(course_assignment=course_world.lab).count() == 3
