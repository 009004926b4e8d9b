"""A rate for password-reset emails, so that no one floods an inbox through the reset form
and no one locks the owner out of resetting.

Two counts in the database (every web worker sees them), each a fixed window of
KUBEGRADE_PASSWORD_RESET_WINDOW_SECONDS:

- per inbox: KUBEGRADE_PASSWORD_RESETS_PER_EMAIL requests for one email address (its
  case folded, as the accounts are looked up). It counts whether or not an account has the
  address, so the refusal says nothing about which addresses have accounts. A stranger who
  uses it up cannot lock the owner out: the links already sent stay valid (until one of
  them is used, or PASSWORD_RESET_TIMEOUT), and the refusal says to use the newest.
- per client address: KUBEGRADE_PASSWORD_RESETS_PER_ADDRESS requests from one address,
  whatever the email (one address mailing many inboxes).

A refused request sends nothing and answers 429 with Retry-After.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kubegrade.accounts.login_throttle import LoginThrottled, window_seconds_left, window_row


class PasswordResetThrottled(LoginThrottled):
    code = "password_reset_throttled"


def password_reset_admit(*, email: str, address: str) -> None:
    """Counts one reset email for `email` from `address`, or raises PasswordResetThrottled."""
    now = timezone.now()
    window = dt.timedelta(seconds=settings.KUBEGRADE_PASSWORD_RESET_WINDOW_SECONDS)
    with transaction.atomic():
        per_address = window_row("rst-ip", address[:200], window, now)
        if per_address.attempts >= settings.KUBEGRADE_PASSWORD_RESETS_PER_ADDRESS:
            seconds = window_seconds_left(per_address, window, now)
            raise PasswordResetThrottled(
                _("Too many password links were asked for from your network; try again in %(minutes)d min.")
                % {"minutes": _minutes(seconds)}, retry_after_seconds=seconds)
        per_inbox = window_row("rst-mail", email.strip().casefold()[:200], window, now)
        if per_inbox.attempts >= settings.KUBEGRADE_PASSWORD_RESETS_PER_EMAIL:
            seconds = window_seconds_left(per_inbox, window, now)
            raise PasswordResetThrottled(
                _("A link for this address was asked for %(count)d times already; if an account has it, the newest "
                  "link in its inbox works. A new one can be asked for in %(minutes)d min.")
                % {"count": per_inbox.attempts, "minutes": _minutes(seconds)}, retry_after_seconds=seconds)
        for row in (per_address, per_inbox):
            row.attempts += 1
            row.save(update_fields=["window_start", "attempts"])


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))
