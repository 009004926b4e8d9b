"""API tokens that expire, can be revoked, and are stored hashed.

The key (40 hex characters, 160 random bits) is returned once, when issued; the database
keeps its SHA-256 digest, so a database dump or the admin shows no usable key. A fast
hash is enough here: the key is random, not a password a person chose. A token lives
KUBEGRADE_API_TOKEN_HOURS; signing out (the page or POST /api/v1/auth/logout/) revokes.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from kubegrade.accounts.models import ApiToken


@dataclass(frozen=True)
class IssuedToken:
    key: str
    expires_at: dt.datetime


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def api_token_issue(*, user) -> IssuedToken:
    key = secrets.token_hex(20)
    expires_at = timezone.now() + dt.timedelta(hours=settings.KUBEGRADE_API_TOKEN_HOURS)
    ApiToken.objects.create(user=user, prefix=key[:8], digest=_digest(key), expires_at=expires_at)
    return IssuedToken(key=key, expires_at=expires_at)


def api_token_revoke(*, key: str) -> None:
    ApiToken.objects.filter(digest=_digest(key), revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_tokens_revoke_all(*, user) -> None:
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, looked up by digest; expired or revoked keys are refused."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("Token expired; request a new one at /api/v1/auth/token/.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return token.user, token
