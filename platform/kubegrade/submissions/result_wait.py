"""Long polling for a submission's result: the result page asks for the status with
`?wait=25` and the answer comes as soon as grading ends (the row is re-read every
50 ms), or when the wait is over and the page asks again.

Gunicorn runs sync workers, so a waiting request holds a whole worker. At most
KUBEGRADE_RESULT_WAITERS requests wait at once on PostgreSQL (a slot is a
transaction-free advisory lock, so the count holds across worker processes); a request
that finds no free slot answers at once and the page asks again a second later, as it
polled before. Behind a proxy, the wait stays under any proxy's usual 60 s read timeout.
"""

import time
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from kubegrade.submissions.models import Submission

POLL_SECONDS = 0.05
SLOT_NAMESPACE = zlib.crc32(b"kubegrade.result_wait") & 0x7FFFFFFF  # an int4 key space of this module's own


def wait_seconds_allowed(asked: str | None) -> float:
    """The wait a request asked for, bounded by KUBEGRADE_RESULT_WAIT_SECONDS; 0 when absent or malformed."""
    try:
        wanted = float(asked or 0)
    except ValueError:
        return 0.0
    return max(0.0, min(wanted, float(settings.KUBEGRADE_RESULT_WAIT_SECONDS)))


def submission_wait_settled(*, submission: Submission, seconds: float) -> Submission:
    """The submission once it is no longer queued or running, or as it is after `seconds`
    (at once when every waiting slot is taken)."""
    if not submission.is_pending or seconds <= 0:
        return submission
    with _waiting_slot() as slot:
        deadline = time.monotonic() + (seconds if slot else 0)
        while submission.is_pending and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            submission.refresh_from_db(fields=["status", "score", "max_score", "gradable", "graded_at"])
    return submission


@contextmanager
def _waiting_slot():
    if connection.vendor != "postgresql":
        yield True  # development on SQLite: one process, nothing to share
        return
    with connection.cursor() as cursor:
        slot = None
        for index in range(settings.KUBEGRADE_RESULT_WAITERS):
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [SLOT_NAMESPACE, index])
            if cursor.fetchone()[0]:
                slot = index
                break
        try:
            yield slot is not None
        finally:
            if slot is not None:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [SLOT_NAMESPACE, slot])

