"""factory_boy factories for the platform's models and a ready-made course world."""

import datetime as dt
from types import SimpleNamespace

import factory
from django.utils import timezone

from kubegrade.accounts.models import User
from kubegrade.courses.models import Assignment, AssignmentVersion, Course, CourseAssignment, Enrollment, Role
from kubegrade.submissions.models import Submission

LAB_LIMITS = {"files": ["service.yaml"], "commands": True, "max_files": 3, "max_bytes": 4096, "max_commands": 5}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = factory.django.Password("pw-for-tests")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.STUDENT


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"week4/9{n}-test")
    week = 4
    kind = "lab"
    title_en = "Test lab"
    title_ko = "테스트 실습"
    points = 10.0

    @factory.post_generation
    def with_version(obj, create, extracted, **kwargs):
        if create and obj.current_version_id is None:
            obj.current_version = AssignmentVersion.objects.create(
                assignment=obj, content_hash=f"hash-{obj.slug}", points=obj.points, submission_limits=dict(LAB_LIMITS)
            )
            obj.save(update_fields=["current_version"])


class CourseAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseAssignment

    course = factory.SubFactory(CourseFactory)
    assignment = factory.SubFactory(AssignmentFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    course_assignment = factory.SubFactory(CourseAssignmentFactory)
    student = factory.SubFactory(UserFactory)
    version = factory.LazyAttribute(lambda o: o.course_assignment.assignment.current_version)
    attempt = factory.Sequence(lambda n: n + 1)
    seed = 1234
    files = factory.LazyFunction(lambda: {"service.yaml": "kind: Service\n"})
    submitted_at = factory.LazyFunction(timezone.now)


def build_world() -> SimpleNamespace:
    course = CourseFactory(code="k8s-test", title="Test course")
    other = CourseFactory(code="other", title="Other course")
    people = {name: UserFactory(username=name) for name in
              ["prof", "ta", "alice", "bob", "outsider", "otherprof"]}
    for name, role in [("prof", Role.INSTRUCTOR), ("ta", Role.TA), ("alice", Role.STUDENT), ("bob", Role.STUDENT)]:
        EnrollmentFactory(course=course, user=people[name], role=role)
    EnrollmentFactory(course=other, user=people["otherprof"], role=Role.INSTRUCTOR)
    lab = CourseAssignmentFactory(course=course, assignment=AssignmentFactory(slug="week4/90-lab"))
    quiz = CourseAssignmentFactory(course=course, assignment=AssignmentFactory(slug="week4/91-quiz", kind="quiz"))
    other_lab = CourseAssignmentFactory(course=other, assignment=lab.assignment)
    return SimpleNamespace(course=course, other=other, lab=lab, quiz=quiz, other_lab=other_lab, **people)
