"""Bench fixture data (run inside the bench's Django environment): a course with S
students, an API token each, and each student's ClusterIP reference solution.
Prints one JSON document on stdout."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from kubegrade.accounts.api_tokens import api_token_issue  # noqa: E402

from kubegrade.courses.bank import bank_assignment  # noqa: E402
from kubegrade.courses.models import Assignment, Role  # noqa: E402
from kubegrade.courses.services import course_assignment_add, course_get_or_create, enrollment_upsert  # noqa: E402
from kubegrade.submissions.variants import variant_seed  # noqa: E402

SLUG = "week4/01-clusterip"


def main(students: int) -> dict:
    course = course_get_or_create(code="bench", title="Bench course")
    ca = course_assignment_add(course=course, assignment=Assignment.objects.get(slug=SLUG))
    bank = bank_assignment(SLUG)
    rows = []
    for i in range(students):
        user, _ = get_user_model().objects.get_or_create(username=f"bench{i:04d}")
        enrollment_upsert(course=course, user=user, role=Role.STUDENT)
        files, commands = bank.solution(variant_seed(user_id=user.pk, assignment_slug=SLUG))
        rows.append({"token": api_token_issue(user=user).key,
                     "files": {n: d.decode() for n, d in files.items()}, "commands": commands})
    return {"course_assignment_id": ca.pk, "students": rows}


if __name__ == "__main__":
    json.dump(main(int(sys.argv[1])), sys.stdout)
