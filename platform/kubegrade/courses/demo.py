"""The demo course `make run` creates: an instructor, two students (one reading Korean)
and every assignment the bank has loaded, of every week, listed by week on the course pages
(a week added to `assignments/` joins the demo course with no edit here). Running it again
resets the demo passwords and adds newly loaded assignments; it never deletes anything."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from kubegrade.courses.models import Assignment, Course, Role
from kubegrade.courses.services import course_assignment_add, course_get_or_create, enrollment_upsert

DEMO_COURSE_CODE = "k8s-week4"
DEMO_COURSE_TITLE = "Kubernetes in Practice: the hands-on weeks"
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
def demo_course_seed(weeks: tuple[int, ...] | None = None) -> tuple[Course, list[DemoAccount]]:
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
    loaded = Assignment.objects.filter(current_version__isnull=False)
    # The course code stays "k8s-week4" so a database seeded before keeps its one demo course.
    for assignment in (loaded if weeks is None else loaded.filter(week__in=weeks)).order_by("week", "slug"):
        course_assignment_add(course=course, assignment=assignment)
    return course, accounts
