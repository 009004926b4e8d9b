"""Bench fixture data for regrade-all (run inside the bench's Django environment): one
course assignment (the ClusterIP lab) with S students x A attempts, each attempt the
student's reference solution stored as graded with a score of 0, so after the regrade
every grade of the batch must be full marks. Bulk inserts; prints one JSON document."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import timezone  # noqa: E402

from kubegrade.courses.bank import bank_assignment  # noqa: E402
from kubegrade.courses.models import Assignment, Enrollment, Role  # noqa: E402
from kubegrade.courses.services import course_assignment_add, course_get_or_create  # noqa: E402
from kubegrade.submissions.models import Status, Submission  # noqa: E402
from kubegrade.submissions.variants import variant_seed  # noqa: E402

SLUG = "week4/01-clusterip"
PASSWORD = "bench-regrade-Pw-13"


def main(students: int, attempts: int) -> dict:
    course = course_get_or_create(code="regrade", title="Regrade bench course")
    ca = course_assignment_add(course=course, assignment=Assignment.objects.get(slug=SLUG))
    users = get_user_model().objects
    prof = users.create(username="regrade-prof", password=make_password(PASSWORD))
    Enrollment.objects.create(course=course, user=prof, role=Role.INSTRUCTOR)
    people = users.bulk_create([users.model(username=f"regrade{i:05d}") for i in range(students)])
    Enrollment.objects.bulk_create([Enrollment(course=course, user=u, role=Role.STUDENT) for u in people])
    bank, version_id, now = bank_assignment(SLUG), ca.assignment.current_version_id, timezone.now()
    rows = []
    for user in people:
        seed = variant_seed(user_id=user.pk, assignment_slug=SLUG)
        files, commands = bank.solution(seed)
        texts = {name: data.decode() for name, data in files.items()}
        rows += [Submission(course_assignment=ca, student=user, version_id=version_id, attempt=attempt, seed=seed,
                            files=texts, commands=commands, status=Status.GRADED, submitted_at=now, queued_at=now,
                            started_at=now, graded_at=now, score=0.0, max_score=10.0, gradable=True)
                 for attempt in range(1, attempts + 1)]
    Submission.objects.bulk_create(rows, batch_size=2000)
    return {"course_assignment_id": ca.pk, "username": prof.username, "password": PASSWORD,
            "submissions": len(rows)}


if __name__ == "__main__":
    json.dump(main(int(sys.argv[1]), int(sys.argv[2])), sys.stdout)
