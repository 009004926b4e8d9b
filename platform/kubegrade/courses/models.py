"""Courses, who is in them and in what role, the assignment bank and its versions,
assignments placed in a course with a due date and late policy, and extensions.

An assignment's spec is identified by its content hash: loading a changed spec adds a
new `AssignmentVersion`, so grades made against the old one still say what they used.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Codes of courses made for an LMS course (`lti.services.context_link_new_course`). Nobody
# takes one by hand: a course is found for an LMS course by its link, never by its code,
# and a hand-made "lms-..." code would only mislead.
LMS_CODE_PREFIX = "lms-"


def validate_code_not_reserved(code: str) -> None:
    if code.lower().startswith(LMS_CODE_PREFIX):
        raise ValidationError(_('Codes starting with "%(prefix)s" are kept for courses made from an LMS.'),
                              params={"prefix": LMS_CODE_PREFIX}, code="reserved")


class Course(models.Model):
    code = models.SlugField(max_length=40, unique=True, validators=[validate_code_not_reserved])
    title = models.CharField(max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="",
        help_text="The IANA zone (Asia/Seoul) its staff pages and CSVs use, printed with every time; "
                  "blank: the site's KUBEGRADE_TIME_ZONE. Due dates typed without a zone are read in it.")
    created_at = models.DateTimeField(auto_now_add=True)
    tas_may_override_grades = models.BooleanField(
        _("TAs may override grades"), default=False,
        help_text=_("On: the course's TAs override grades too. Regrade-all, roster sync and passback resends "
                    "stay the instructors'."))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    TA = "ta", _("TA")
    INSTRUCTOR = "instructor", _("Instructor")


STAFF_ROLES = (Role.TA, Role.INSTRUCTOR)


class EnrollmentState(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left the course")  # the LMS roster no longer lists them: kept, with their grades


class Enrollment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    state = models.CharField(max_length=8, choices=EnrollmentState.choices, default=EnrollmentState.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="enrollment_unique_user_per_course")]

    def __str__(self) -> str:
        return f"{self.user} in {self.course.code} as {self.role}"


class AssignmentKind(models.TextChoices):
    LAB = "lab", _("Lab")
    QUIZ = "quiz", _("Quiz")


class Assignment(models.Model):
    """One entry of the bank, by slug; its current spec is `current_version`."""

    slug = models.CharField(max_length=200, unique=True)
    week = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=AssignmentKind.choices)
    title_en = models.CharField(max_length=300)
    title_ko = models.CharField(max_length=300)
    points = models.FloatField()
    due_days = models.PositiveSmallIntegerField(default=7)
    current_version = models.ForeignKey(
        "AssignmentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["week", "slug"]

    def __str__(self) -> str:
        return self.slug

    def title_for(self, language: str) -> str:
        return self.title_ko if language == "ko" and self.title_ko else self.title_en


class AssignmentVersion(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="versions")
    content_hash = models.CharField(max_length=64)
    points = models.FloatField()
    submission_limits = models.JSONField(
        default=dict, help_text="What a submission may hold, from the spec's `submission:` as loaded from the bank: "
                                "files asked for, whether commands are taken, max_files, max_bytes, max_commands.")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "content_hash"], name="assignment_version_unique_hash")
        ]

    def __str__(self) -> str:
        return f"{self.assignment.slug}@{self.content_hash[:10]}"


class ScorePolicy(models.TextChoices):
    BEST = "best", _("Best attempt")
    LATEST = "latest", _("Latest attempt")


class AnswerReveal(models.TextChoices):
    """When a student's result shows the expected answers (staff always see them)."""

    AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
    AFTER_LAST_ATTEMPT = "after_last_attempt", _("After the last attempt (or once the assignment closes)")
    AFTER_DUE_DATE = "after_due_date", _("After the due date and its late days")
    NEVER = "never", _("Never")


@dataclass(frozen=True)
class AttemptPolicy:
    max_attempts: int | None
    answers_shown: str


# A new course assignment's policy by kind. A quiz's answers are the same kind of thing
# for every student (letters, exit codes), so they stay hidden until no classmate can
# still score with them; three tries leave room for a slip without allowing guessing
# through the choices. A lab is graded on what ran, so its feedback loop stays open.
POLICY_BY_KIND = {
    AssignmentKind.QUIZ: AttemptPolicy(max_attempts=3, answers_shown=AnswerReveal.AFTER_DUE_DATE),
    AssignmentKind.LAB: AttemptPolicy(max_attempts=None, answers_shown=AnswerReveal.AFTER_EACH_ATTEMPT),
}


def policy_for_kind(kind: str) -> AttemptPolicy:
    return POLICY_BY_KIND.get(kind, POLICY_BY_KIND[AssignmentKind.LAB])


# One rule for every form that sets a policy (the staff page, the admin, the services'
# full_clean): a penalty is a share of the score, an attempt limit leaves at least one try.
LATE_PENALTY_RANGE = [
    MinValueValidator(0, _("The late penalty is a percentage per day from 0 to 100.")),
    MaxValueValidator(100, _("The late penalty is a percentage per day from 0 to 100.")),
]
ATTEMPT_LIMIT_RANGE = [MinValueValidator(1, _("The attempt limit is at least 1; leave it empty for unlimited."))]


class CourseAssignment(models.Model):
    """An assignment given in a course: due date, late policy, which attempt counts, how
    many attempts a student has and when the expected answers are shown to them. A new one
    is a draft (`published` off) until staff have checked its due date and policy."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_assignments")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="course_assignments")
    due_at = models.DateTimeField()
    late_penalty_percent_per_day = models.FloatField(default=10.0, validators=LATE_PENALTY_RANGE)
    late_days_max = models.PositiveSmallIntegerField(default=3, help_text="Later than this many days scores 0.")
    score_policy = models.CharField(max_length=8, choices=ScorePolicy.choices, default=ScorePolicy.BEST)
    published = models.BooleanField(default=True)
    max_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=ATTEMPT_LIMIT_RANGE,
        help_text="Empty: unlimited. Attempts that could not be graded do not count."
    )
    answers_shown = models.CharField(
        max_length=24, choices=AnswerReveal.choices, default=AnswerReveal.AFTER_EACH_ATTEMPT,
        help_text="When students see the expected answers (and a quiz's explanations); staff always do.",
    )

    class Meta:
        ordering = ["course", "assignment__week", "assignment__slug"]
        constraints = [
            models.UniqueConstraint(fields=["course", "assignment"], name="course_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course.code}/{self.assignment.slug}"


class Extension(models.Model):
    course_assignment = models.ForeignKey(CourseAssignment, on_delete=models.CASCADE, related_name="extensions")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extensions")
    due_at = models.DateTimeField()
    reason = models.CharField(max_length=500, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="extensions_granted"
    )
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_assignment", "student"], name="extension_unique_per_student")
        ]

    def __str__(self) -> str:
        return f"{self.student} until {self.due_at:%Y-%m-%d %H:%M} on {self.course_assignment}"
