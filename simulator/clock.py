"""A simulated clock: every timestamp in the simulator comes from here, never time.time()."""

from __future__ import annotations

import datetime as _dt

# The lecture's sessions happen in August 2022 on a cluster built about 20 days earlier.
LECTURE_EPOCH = _dt.datetime(2022, 8, 3, 10, 30, 0, tzinfo=_dt.timezone.utc).timestamp()
SECONDS_PER_COMMAND = 2.0  # a typed command takes a moment; ages move as in the lecture


class SimClock:
    """Seconds since the Unix epoch, advanced explicitly by the simulation."""

    def __init__(self, start: float = LECTURE_EPOCH) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the simulated clock never goes back")
        self._now += seconds


def rfc3339(timestamp: float) -> str:
    """Format a timestamp as the API server does (`2022-08-03T10:30:00Z`)."""
    moment = _dt.datetime.fromtimestamp(int(timestamp), tz=_dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text: str | None) -> float | None:
    """Seconds since the epoch of an API timestamp (`2022-08-03T10:30:00Z`); None when absent."""
    if not text:
        return None
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def http_date(timestamp: float) -> str:
    """Format a timestamp as an HTTP `Date:` header."""
    moment = _dt.datetime.fromtimestamp(int(timestamp), tz=_dt.timezone.utc)
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
