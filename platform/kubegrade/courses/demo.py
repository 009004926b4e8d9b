"""The demo course `make run` creates: an instructor, two students (one reading Korean)
and every assignment of the bank's demo weeks (`DEMO_WEEKS`, listed by week on the course pages). Running it again resets the demo passwords and
adds newly loaded assignments; it never deletes anything."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from kubegrade.courses.models import Assignment, Course, Role
from kubegrade.courses.services import course_assignment_add, course_get_or_create, enrollment_upsert

DEMO_COURSE_CODE = "k8s-week4"
DEMO_COURSE_TITLE = "Kubernetes in Practice: Week 4 (Services & DNS)"
DEMO_WEEKS = (4, 8)  # Services & DNS; Deployments & StatefulSets
DEMO_ACCOUNTS = [
    # username, password, role, language, first, last
    ("instructor", "kube-instructor", Role.INSTRUCTOR, "en", "Ada", "Park"),
    ("student1", "kube-student1", Role.STUDENT, "en", "Sam", "Lee"),
    ("student2", "kube-student2", Role.STUDENT, "ko", "민지", "김"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    language: str


@transaction.atomic
def demo_course_seed(weeks: tuple[int, ...] = DEMO_WEEKS) -> tuple[Course, list[DemoAccount]]:
    course = course_get_or_create(code=DEMO_COURSE_CODE, title=DEMO_COURSE_TITLE)
    accounts = []
    for username, password, role, language, first, last in DEMO_ACCOUNTS:
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.first_name, user.last_name, user.language = first, last, language
        # Instructors are course staff, not operators: the admin shows every course's work.
        user.is_staff = user.is_superuser = False
        user.set_password(password)
        user.save()
        enrollment_upsert(course=course, user=user, role=role)
        accounts.append(DemoAccount(username, password, role, language))
    for assignment in Assignment.objects.filter(week__in=weeks, current_version__isnull=False):
        course_assignment_add(course=course, assignment=assignment)
    return course, accounts
