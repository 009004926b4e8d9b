"""Signing in without an operator: invitations and password resets by email.

A person enrolled from a CSV has an account without a password. Staff send them an
invitation: an email with a link to set their password (Django's password-reset token,
valid KUBEGRADE_PASSWORD_LINK_DAYS, unusable once the password changed). The same link
comes from "Forgot your password?" on the sign-in page, for any active account with that
email, those without a password included (Django's own form skips them, which would leave
exactly the people who need it without a way in).

Mail goes through Django's email backend: the console under `make run` (DEBUG), SMTP
when EMAIL_HOST is set (settings, README "Email").
"""

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kubegrade.courses.models import Course, Enrollment, EnrollmentState
from kubegrade.errors import KubeGradeError


class EmailNotSent(KubeGradeError):
    code = "email_not_sent"
    http_status = 503


@dataclass(frozen=True)
class InvitationReport:
    sent: list[str]  # usernames
    without_email: list[str]


def set_password_url(*, user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _invitation(user, course: Course, base_url: str, by) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "course": course, "by": by, "url": set_password_url(user=user, base_url=base_url),
                   "days": settings.PASSWORD_RESET_TIMEOUT // 86400, "sign_in_url": base_url.rstrip("/") + "/login/"}
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    return EmailMessage(subject, body, to=[user.email])


def invitations_pending(*, course: Course):
    """Active members of `course` who have no usable password yet (enrolled from a CSV)."""
    members = (Enrollment.objects.filter(course=course, state=EnrollmentState.ACTIVE).select_related("user")
               .order_by("user__username"))
    return [e.user for e in members if e.user.is_active and not e.user.has_usable_password()]


def invitations_send(*, course: Course, by, base_url: str, users=None) -> InvitationReport:
    """An invitation to each of `users` (default: `invitations_pending`) with an email, in one
    connection; the ones without an email are named so staff can add one."""
    users = invitations_pending(course=course) if users is None else users
    with_email = [u for u in users if u.email]
    messages = [_invitation(u, course, base_url, by) for u in with_email]
    if messages:
        try:
            get_connection().send_messages(messages)
        except (OSError, smtplib.SMTPException) as exc:
            raise EmailNotSent(translation.gettext(
                "The invitations could not be sent (%(error)s): check EMAIL_HOST and the other email "
                "settings (README, \"Email\").") % {"error": exc}) from None
    return InvitationReport(sent=[u.username for u in with_email],
                            without_email=[u.username for u in users if not u.email])


class AnyAccountPasswordResetForm(PasswordResetForm):
    """Django's form, but an account without a usable password (never set: enrolled from a
    CSV) gets the link too; inactive accounts still get nothing."""

    def get_users(self, email):
        return get_user_model().objects.filter(email__iexact=email, is_active=True).iterator()
