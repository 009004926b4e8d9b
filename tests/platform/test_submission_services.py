"""submission_create: stored before queued, attempts numbered, limits named, bad input
refused with a message, students only, too fast is throttled."""

import pytest

from kubegrade.errors import BinaryFileRejected, InvalidSubmission, NotFound, PermissionDenied, SubmitThrottled
from kubegrade.errors import UploadTooLarge
from kubegrade.submissions.models import Status, Submission
from kubegrade.submissions.services import submission_create
from kubegrade.submissions.variants import variant_seed

YAML = b"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"


def test_submission_is_stored_before_it_is_queued(course_world, stub_engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sub = submission_create(student=course_world.alice, course_assignment=course_world.lab,
                                files={"service.yaml": YAML})
    assert Submission.objects.get(pk=sub.pk).status == Status.QUEUED
    assert stub_engine.calls == 0 and len(callbacks) == 1
    callbacks[0]()
    sub.refresh_from_db()
    assert sub.status == Status.GRADED and sub.score == 10.0 and sub.queued_at is not None


def test_attempts_are_numbered_per_student_and_assignment(course_world, stub_engine):
    a1 = submission_create(student=course_world.alice, course_assignment=course_world.lab, files={"service.yaml": YAML})
    a2 = submission_create(student=course_world.alice, course_assignment=course_world.lab, files={"service.yaml": YAML})
    b1 = submission_create(student=course_world.bob, course_assignment=course_world.lab, files={"service.yaml": YAML})
    assert (a1.attempt, a2.attempt, b1.attempt) == (1, 2, 1)


def test_variant_seed_is_stable_per_student_and_differs_between_students(course_world):
    slug = course_world.lab.assignment.slug
    alice = variant_seed(user_id=course_world.alice.pk, assignment_slug=slug)
    assert alice == variant_seed(user_id=course_world.alice.pk, assignment_slug=slug)
    assert alice != variant_seed(user_id=course_world.bob.pk, assignment_slug=slug)
    sub = submission_create(student=course_world.alice, course_assignment=course_world.lab, files={"service.yaml": YAML})
    assert sub.seed == alice


@pytest.mark.parametrize(
    ("files", "commands", "limit"),
    [
        ({f"f{i}.yaml": YAML for i in range(4)}, "", "max_files"),
        ({"big.yaml": b"a: b\n" * 1000}, "", "max_bytes"),
        ({}, "kubectl get pods\n" * 6, "max_commands"),
    ],
)
def test_uploads_over_a_limit_are_refused_with_the_limit_named(course_world, files, commands, limit):
    with pytest.raises(UploadTooLarge) as exc:
        submission_create(student=course_world.alice, course_assignment=course_world.lab, files=files,
                          commands=commands)
    assert exc.value.http_status == 413 and exc.value.extra["limit"] == limit
    assert "at most" in exc.value.detail
    assert not Submission.objects.exists()


@pytest.mark.parametrize("data", [b"\x7fELF\x00\x01\x02", b"\xff\xfe\xfa not utf8"])
def test_binary_files_are_refused_with_a_message(course_world, data):
    with pytest.raises(BinaryFileRejected, match="binary|UTF-8"):
        submission_create(student=course_world.alice, course_assignment=course_world.lab, files={"x.yaml": data})


def test_an_empty_submission_is_refused(course_world):
    with pytest.raises(InvalidSubmission, match="Nothing to grade"):
        submission_create(student=course_world.alice, course_assignment=course_world.lab, files={}, commands="  ")


def test_path_components_in_file_names_are_dropped(course_world, stub_engine):
    sub = submission_create(student=course_world.alice, course_assignment=course_world.lab,
                            files={"../../etc/service.yaml": YAML})
    assert list(sub.files) == ["service.yaml"]


def test_staff_cannot_submit_and_outsiders_cannot_see_the_assignment(course_world):
    with pytest.raises(PermissionDenied):
        submission_create(student=course_world.ta, course_assignment=course_world.lab, files={"service.yaml": YAML})
    with pytest.raises(NotFound):
        submission_create(student=course_world.outsider, course_assignment=course_world.lab, files={"service.yaml": YAML})


def test_submitting_faster_than_the_rate_is_throttled(course_world, stub_engine, settings):
    settings.KUBEGRADE_SUBMIT_RATE_PER_MINUTE = 2
    for _ in range(2):
        submission_create(student=course_world.alice, course_assignment=course_world.lab, files={"service.yaml": YAML})
    with pytest.raises(SubmitThrottled) as exc:
        submission_create(student=course_world.alice, course_assignment=course_world.lab, files={"service.yaml": YAML})
    assert exc.value.http_status == 429 and 1 <= exc.value.retry_after <= 61
    submission_create(student=course_world.bob, course_assignment=course_world.lab, files={"service.yaml": YAML})


def test_the_files_and_commands_together_count_against_max_bytes_as_the_engine_counts_them(course_world):
    # 4000 bytes of file and 135 of commands (3 commands, under max_commands 5): 4135 > 4096
    commands = "kubectl get pods --namespace default -o wide\n" * 3
    with pytest.raises(UploadTooLarge) as exc:
        submission_create(student=course_world.alice, course_assignment=course_world.lab,
                          files={"service.yaml": b"#" * 4000}, commands=commands)
    assert exc.value.extra == {"limit": "max_bytes", "limit_value": 4096}
    assert "4135 bytes" in exc.value.detail and "at most 4096 bytes" in exc.value.detail
    assert not Submission.objects.exists()
