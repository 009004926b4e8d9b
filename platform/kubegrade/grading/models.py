"""Grades (one per grading run), manual overrides, and regrade batches with their items.

A grade is unique per (submission, batch), with the first grading run being the one
without a batch: the database, not the broker, makes a redelivered task harmless.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kubegrade.courses.models import AssignmentVersion, CourseAssignment
from kubegrade.submissions.models import Submission


class RegradeBatch(models.Model):
    course_assignment = models.ForeignKey(CourseAssignment, on_delete=models.CASCADE, related_name="regrade_batches")
    version = models.ForeignKey(AssignmentVersion, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    # Counted as each item finishes, so progress and "is it over?" never scan the items.
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "regrade batches"

    def __str__(self) -> str:
        return f"regrade #{self.pk} of {self.course_assignment}"


class ItemStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Grading")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RegradeItem(models.Model):
    batch = models.ForeignKey(RegradeBatch, on_delete=models.CASCADE, related_name="items")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="regrade_items")
    status = models.CharField(max_length=8, choices=ItemStatus.choices, default=ItemStatus.QUEUED)
    message = models.TextField(blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requeue_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "submission"], name="regrade_item_unique")]
        indexes = [models.Index(fields=["status", "queued_at"], name="regrade_item_status_queued")]


class Grade(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="grades")
    batch = models.ForeignKey(RegradeBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="grades")
    version = models.ForeignKey(AssignmentVersion, on_delete=models.PROTECT, related_name="grades")
    score = models.FloatField()
    max_score = models.FloatField()
    gradable = models.BooleanField(default=True)
    message = models.TextField(blank=True)
    checks = models.JSONField(default=list)
    transcript = models.TextField(blank=True)
    first_error = models.TextField(blank=True, help_text="The submission's first failing line with its output, "
                                                         "from the engine's report (`first_error`).")
    timing = models.JSONField(default=dict)
    engine_version = models.CharField(max_length=64, blank=True)
    graded_at = models.DateTimeField()

    class Meta:
        ordering = ["-graded_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "batch"], name="grade_unique_per_batch"),
            models.UniqueConstraint(
                fields=["submission"], condition=Q(batch__isnull=True), name="grade_unique_first_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score:g}/{self.max_score:g} for submission #{self.submission_id}"


class GradeOverride(models.Model):
    """A staff member's score for a student's assignment, replacing the computed one while
    it stands. The reason is the staff's record; the student (and the LMS comment) sees it
    only when `reason_shown`, otherwise just "set by staff". Removing an override keeps the
    row (who removed it, when) for the student's timeline; the computed score counts again."""

    course_assignment = models.ForeignKey(CourseAssignment, on_delete=models.CASCADE, related_name="overrides")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grade_overrides")
    score = models.FloatField()
    reason = models.CharField(max_length=500)
    reason_shown = models.BooleanField(default=False, help_text="Whether the student sees the reason.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"override {self.score:g} for {self.student} on {self.course_assignment}"
