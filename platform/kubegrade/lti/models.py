"""What KubeGrade keeps about LMS platforms beside django-lti's own models (registrations,
deployments, contexts, users, resource links live in `lti_tool`).

- which LMS context is which course, and which line item is which course assignment;
- the score each student's line item last got (`ScoreSend`): one row per (line item,
  student) holding the current version, its timestamp and what the LMS answered;
- access tokens per registration and scope, the launch data of OIDC logins in flight
  (state, nonce) and the nonces already used, so any web process can finish a login
  another one started and no id_token is accepted twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kubegrade.courses.models import Course, CourseAssignment


class CourseContext(models.Model):
    """An LMS course (an `lti_tool.LtiContext`) mapped to one of our courses."""

    context = models.OneToOneField("lti_tool.LtiContext", on_delete=models.CASCADE, related_name="kubegrade_course")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lti_contexts")

    def __str__(self) -> str:
        return f"{self.context} -> {self.course.code}"


class LineItem(models.Model):
    """The LMS gradebook column of one course assignment in one LMS context."""

    context = models.ForeignKey("lti_tool.LtiContext", on_delete=models.CASCADE, related_name="kubegrade_line_items")
    course_assignment = models.ForeignKey(CourseAssignment, on_delete=models.CASCADE, related_name="lti_line_items")
    resource_link_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True, help_text="Empty until found on or created at the LMS.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["context", "course_assignment"], name="lti_line_item_one_per_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.course_assignment} in {self.context}"


class SendState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ScoreSend(models.Model):
    """The passback state of one student on one line item. `version` grows by one each
    time the effective score (or its comment or progress) changes; `timestamp` is that
    version's AGS timestamp, stored so a retry resends exactly the same score."""

    line_item = models.ForeignKey(LineItem, on_delete=models.CASCADE, related_name="sends")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_score_sends")
    lms_user_id = models.CharField(max_length=255)
    version = models.PositiveIntegerField(default=0)
    timestamp = models.DateTimeField()
    body = models.JSONField(default=dict, help_text="The score as posted for this version.")
    state = models.CharField(max_length=8, choices=SendState.choices, default=SendState.PENDING)
    sent_version = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveIntegerField(default=0)
    answer_status = models.PositiveSmallIntegerField(null=True, blank=True)
    answer = models.TextField(blank=True, help_text="What the LMS answered, in words.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line_item", "student"], name="lti_score_send_per_student")]

    def __str__(self) -> str:
        return f"{self.student} on {self.line_item}: v{self.version} {self.state}"


class AccessToken(models.Model):
    registration = models.ForeignKey("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=1000)
    token = models.TextField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "scope"], name="lti_token_per_scope")]


class PlatformSendLock(models.Model):
    """A lease per registration, held while its pending scores are sent: one request at a
    time per platform, whatever the number of workers (a lease, not a row lock, so no
    transaction stays open during HTTP; a crashed holder's lease runs out)."""

    registration = models.OneToOneField("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+")
    leased_until = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True, help_text="Set by a 429/503 answer: wait until then.")


class LaunchDatum(models.Model):
    """pylti1p3's launch data storage (OIDC state and nonce, validated launches) in the
    database, shared by every web process."""

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField()
    expires_at = models.DateTimeField()


class UsedNonce(models.Model):
    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "nonce"], name="lti_nonce_used_once")]
