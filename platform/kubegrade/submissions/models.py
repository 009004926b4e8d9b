"""A submission as the student made it, with a timestamp for each grading phase.

The score fields here mirror the submission's current grade (the newest `grading.Grade`)
so that lists and the gradebook read one table; the grade rows keep the full record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kubegrade.courses.models import AssignmentVersion, CourseAssignment


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Grading")
    GRADED = "graded", _("Graded")
    FAILED = "failed", _("Failed")


PENDING_STATUSES = (Status.QUEUED, Status.RUNNING)


class Submission(models.Model):
    course_assignment = models.ForeignKey(CourseAssignment, on_delete=models.CASCADE, related_name="submissions")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    version = models.ForeignKey(AssignmentVersion, on_delete=models.PROTECT, related_name="submissions")
    attempt = models.PositiveIntegerField()
    seed = models.BigIntegerField(help_text="Variant seed derived from the student and the assignment.")
    files = models.JSONField(default=dict, blank=True, help_text="File name to text, as uploaded.")
    commands = models.TextField(blank=True)
    answers = models.JSONField(null=True, blank=True, help_text="Quiz answers by question id.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    status_message = models.TextField(blank=True)
    submitted_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    requeue_count = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    gradable = models.BooleanField(null=True, blank=True)
    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="submissions", help_text="The lab workspace it was handed in from.")

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_assignment", "student", "attempt"], name="submission_unique_attempt"
            )
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="submission_status_queued"),
            models.Index(fields=["student", "submitted_at"], name="submission_student_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.student} {self.course_assignment} attempt {self.attempt}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def fraction(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score
