"""Throttling and lockout of password sign-ins (the /login/ page and /api/v1/auth/token/).

Every attempt is counted, per account and per client address, *before* the password is
hashed: the hash is deliberately slow (about 0.7 s of CPU), so sixteen parallel guesses
must not each get one, or they starve every other request. An account with
KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT attempts in its window is locked until the window
ends (the right password is refused too: that is what stops a guesser); a success clears
the account's count. An address gets a larger allowance (a classroom shares one NAT).
Counts live in the database so every web worker sees the same ones.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kubegrade.accounts.models import LoginAttemptWindow
from kubegrade.errors import SubmitThrottled


class LoginThrottled(SubmitThrottled):
    code = "login_throttled"


@dataclass(frozen=True)
class Allowance:
    scope: str
    attempts: int
    window: dt.timedelta


def allowances() -> list[Allowance]:
    return [
        Allowance("user", settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT,
                  dt.timedelta(seconds=settings.KUBEGRADE_LOGIN_LOCKOUT_SECONDS)),
        Allowance("ip", settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS, dt.timedelta(seconds=60)),
    ]


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind KUBEGRADE_TRUSTED_PROXIES proxies the
    X-Forwarded-For entry the outermost trusted proxy appended (earlier ones are the client's word)."""
    hops = settings.KUBEGRADE_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _count_one(allowance: Allowance, key: str, now: dt.datetime) -> int | None:
    """Counts an attempt; returns seconds to wait when the allowance is used up."""
    try:
        with transaction.atomic():
            row, _created = LoginAttemptWindow.objects.select_for_update().get_or_create(
                scope=allowance.scope, key=key, defaults={"window_start": now})
    except IntegrityError:  # created by a parallel attempt between the get and the insert
        row = LoginAttemptWindow.objects.select_for_update().get(scope=allowance.scope, key=key)
    if row.window_start + allowance.window <= now:
        row.window_start, row.attempts = now, 0
    if row.attempts >= allowance.attempts:
        return max(1, int((row.window_start + allowance.window - now).total_seconds()) + 1)
    row.attempts += 1
    row.save(update_fields=["window_start", "attempts"])
    return None


def login_attempt_admit(*, username: str, address: str) -> None:
    """Counts one sign-in attempt, or raises LoginThrottled (with Retry-After) before any hashing."""
    now = timezone.now()
    keys = {"user": username.strip().lower()[:200], "ip": address[:200]}
    with transaction.atomic():
        for allowance in allowances():
            retry = _count_one(allowance, keys[allowance.scope], now)
            if retry is not None:
                minutes = max(1, round(retry / 60))
                raise LoginThrottled(
                    _("Too many sign-in attempts; try again in %(minutes)d min.") % {"minutes": minutes},
                    retry_after_seconds=retry)


def login_succeeded(*, username: str) -> None:
    LoginAttemptWindow.objects.filter(scope="user", key=username.strip().lower()[:200]).delete()
