"""Users: Django's user plus the language the pages are shown in."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    KOREAN = "ko", "한국어"


class User(AbstractUser):
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    can_create_courses = models.BooleanField(
        _("can create courses"), default=False,
        help_text="Set by an operator (the admin, or README \"Running a course\": manage.py shell -c ...): the user "
                  "may create courses and becomes their first instructor.",
    )

    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="",
        help_text="An IANA zone name (e.g. America/New_York) the pages show times in; blank follows the browser.",
    )

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class LoginAttemptWindow(models.Model):
    """Password sign-in attempts counted per account and per client address in a fixed
    window (`accounts.login_throttle`); counted before the password hash is checked."""

    scope = models.CharField(max_length=8)  # "user" or "ip"
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="login_attempt_window_unique")]


class ApiToken(models.Model):
    """An API token, stored as its SHA-256 digest (`accounts.api_tokens`): the key is shown
    once, when issued; it expires, and signing out or the API's logout revokes it."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to tell tokens apart.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
