"""Throttling of password sign-ins (the /login/ page and /api/v1/auth/token/), built so that
a stranger cannot turn it against the account's owner.

Three counts, each of attempts that have not (yet) succeeded, in the database so every web
worker sees the same ones; an attempt is counted *before* the password is hashed (the hash
is deliberately slow, about 0.7 s of CPU, so sixteen parallel guesses must not each get
one) and a success takes its own attempt back:

- per (account, address): KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT failures in
  KUBEGRADE_LOGIN_LOCKOUT_SECONDS stop that address for that account (the right password
  too: that is what stops a guesser). Another address, the owner's, is not affected.
- per account, across addresses: past KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_AFTER failures in
  the window, an address the account never signed in from gets one attempt every
  KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_SECONDS for the account (a guesser with many addresses
  is slowed to that pace); an address the account signed in from before is not slowed.
- per address: KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS failures a minute (one address trying
  many accounts). Successes do not count, so a classroom behind one NAT signing in at once
  does not reach it.

The account is the one the typed name signs in to (`accounts.account_names.account_username`:
`"INSTRUCTOR "` is `instructor`), so the count and the sign-in agree on who is meant.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kubegrade.accounts.account_names import account_username
from kubegrade.accounts.models import LoginAttemptWindow
from kubegrade.errors import SubmitThrottled

KNOWN_ADDRESS_DAYS = 90


class LoginThrottled(SubmitThrottled):
    code = "login_throttled"


@dataclass(frozen=True)
class AttemptKeys:
    account: str
    address: str

    @property
    def pair(self) -> str:
        return f"{self.account[:150]}|{self.address[:49]}"


def attempt_keys(*, username: str, address: str) -> AttemptKeys:
    return AttemptKeys(account=account_username(username)[:200], address=address[:200])


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind KUBEGRADE_TRUSTED_PROXIES proxies the
    X-Forwarded-For entry the outermost trusted proxy appended (earlier ones are the client's word)."""
    hops = settings.KUBEGRADE_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def window_row(scope: str, key: str, window: dt.timedelta, now: dt.datetime) -> LoginAttemptWindow:
    """The locked row counting `scope`/`key`, restarted when its window has passed."""
    try:
        with transaction.atomic():
            row, _created = LoginAttemptWindow.objects.select_for_update().get_or_create(
                scope=scope, key=key, defaults={"window_start": now})
    except IntegrityError:  # created by a parallel attempt between the get and the insert
        row = LoginAttemptWindow.objects.select_for_update().get(scope=scope, key=key)
    if row.window_start + window <= now:
        row.window_start, row.attempts = now, 0
    return row


def window_seconds_left(row: LoginAttemptWindow, window: dt.timedelta, now: dt.datetime) -> int:
    return max(1, int((row.window_start + window - now).total_seconds()) + 1)


def _known_address(keys: AttemptKeys, now: dt.datetime) -> bool:
    since = now - dt.timedelta(days=KNOWN_ADDRESS_DAYS)
    return LoginAttemptWindow.objects.filter(scope="known", key=keys.pair, window_start__gte=since).exists()


def _throttled_minutes(seconds: int) -> LoginThrottled:
    return LoginThrottled(_("Too many sign-in attempts; try again in %(minutes)d min.")
                          % {"minutes": max(1, round(seconds / 60))}, retry_after_seconds=seconds)


def _account_slowdown_wait(row: LoginAttemptWindow, now: dt.datetime) -> int | None:
    """Seconds until the account's next slot for an unknown address, or None when one is free:
    past the threshold the allowance grows by one attempt every SLOWDOWN seconds."""
    spacing = settings.KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_SECONDS
    elapsed = (now - row.window_start).total_seconds()
    allowed = settings.KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_AFTER + int(elapsed // spacing)
    if row.attempts < allowed:
        return None
    return max(1, int((row.attempts - settings.KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_AFTER + 1) * spacing - elapsed) + 1)


def login_attempt_admit(*, username: str, address: str) -> None:
    """Counts one sign-in attempt, or raises LoginThrottled (with Retry-After) before any hashing."""
    now = timezone.now()
    keys = attempt_keys(username=username, address=address)
    lockout = dt.timedelta(seconds=settings.KUBEGRADE_LOGIN_LOCKOUT_SECONDS)
    with transaction.atomic():
        per_address = window_row("ip", keys.address, dt.timedelta(seconds=60), now)
        if per_address.attempts >= settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS:
            raise _throttled_minutes(window_seconds_left(per_address, dt.timedelta(seconds=60), now))
        pair = window_row("pair", keys.pair, lockout, now)
        if pair.attempts >= settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT:
            raise _throttled_minutes(window_seconds_left(pair, lockout, now))
        account = window_row("user", keys.account, lockout, now)
        wait = None if _known_address(keys, now) else _account_slowdown_wait(account, now)
        if wait is not None:
            raise LoginThrottled(
                _("This account is getting many wrong passwords from elsewhere; try again in %(seconds)d s.")
                % {"seconds": wait}, retry_after_seconds=wait)
        for row in (per_address, pair, account):
            row.attempts += 1
            row.save(update_fields=["window_start", "attempts"])


def login_succeeded(*, username: str, address: str) -> None:
    """The attempt was the owner's: it is taken back from every count, the pair's failures are
    forgotten, and the address becomes one the account is known to sign in from."""
    keys = attempt_keys(username=username, address=address)
    with transaction.atomic():
        LoginAttemptWindow.objects.filter(scope="pair", key=keys.pair).delete()
        for scope, key in (("user", keys.account), ("ip", keys.address)):
            LoginAttemptWindow.objects.filter(scope=scope, key=key, attempts__gt=0).update(attempts=F("attempts") - 1)
        LoginAttemptWindow.objects.update_or_create(scope="known", key=keys.pair,
                                                    defaults={"window_start": timezone.now(), "attempts": 0})
