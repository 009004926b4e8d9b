"""The per-(student, assignment) variant seed: an HMAC of a server secret, so students
cannot predict another's values and the same student always sees the same ones."""

import hashlib
import hmac

from django.conf import settings


def variant_seed(*, user_id: int, assignment_slug: str) -> int:
    key = settings.KUBEGRADE_VARIANT_SECRET.encode()
    digest = hmac.new(key, f"{user_id}:{assignment_slug}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
