"""Ages as kubectl prints them: apimachinery's `pkg/util/duration` HumanDuration and ShortHumanDuration.

Both take a number of seconds (a Go `time.Duration` converted to float). A duration
under -1s is `<invalid>`; anything between -2s and 0 is `0s`, the tolerance Go leaves
for clock skew.
"""

from __future__ import annotations

import math

MINUTE, HOUR, DAY, YEAR_DAYS = 60, 3600, 86400, 365


def _whole(seconds: float) -> int:
    """`int(d.Seconds())`: Go truncates toward zero."""
    return math.trunc(seconds)


def human_duration(seconds: float) -> str:
    """`duration.HumanDuration`: about two or three significant figures (`5m12s`, `2d23h`, `20d`)."""
    whole = _whole(seconds)
    if whole < -1:
        return "<invalid>"
    if whole < 0:
        return "0s"
    if whole < 2 * MINUTE:
        return f"{whole}s"
    minutes = whole // MINUTE
    if minutes < 10:
        rest = whole % MINUTE
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 3 * 60:
        return f"{minutes}m"
    hours = whole // HOUR
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d" if rest == 0 else f"{hours // 24}d{rest}h"
    if hours < 24 * YEAR_DAYS * 2:
        return f"{hours // 24}d"
    if hours < 24 * YEAR_DAYS * 8:
        rest = (hours // 24) % YEAR_DAYS
        years = hours // 24 // YEAR_DAYS
        return f"{years}y" if rest == 0 else f"{years}y{rest}d"
    return f"{hours // 24 // YEAR_DAYS}y"


def short_human_duration(seconds: float) -> str:
    """`duration.ShortHumanDuration`: one unit only (`10s`, `2m`, `3h`, `8d`, `2y`)."""
    whole = _whole(seconds)
    if whole < -1:
        return "<invalid>"
    if whole < 0:
        return "0s"
    if whole < MINUTE:
        return f"{whole}s"
    if whole < HOUR:
        return f"{whole // MINUTE}m"
    hours = whole // HOUR
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * YEAR_DAYS:
        return f"{hours // 24}d"
    return f"{hours // 24 // YEAR_DAYS}y"


def age(now: float, timestamp: float | None) -> str:
    """`translateTimestampSince`: `<unknown>` for a zero timestamp, else HumanDuration of the gap."""
    if not timestamp:
        return "<unknown>"
    return human_duration(now - timestamp)
