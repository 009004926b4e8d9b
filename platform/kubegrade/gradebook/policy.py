"""Pure scoring policy: late penalties and which attempt counts. No database here."""

import datetime as dt
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Attempt:
    submission_id: int
    submitted_at: dt.datetime
    score: float
    max_score: float


def days_late(submitted_at: dt.datetime, due_at: dt.datetime) -> int:
    """Whole days late, rounded up: one second late is one day late."""
    if submitted_at <= due_at:
        return 0
    return math.ceil((submitted_at - due_at).total_seconds() / 86400)


def late_factor(late_days: int, percent_per_day: float, max_days: int) -> float:
    if late_days <= 0:
        return 1.0
    if late_days > max_days:
        return 0.0
    return max(0.0, 1.0 - late_days * percent_per_day / 100.0)


@dataclass(frozen=True)
class Counted:
    submission_id: int
    raw_score: float
    score: float
    max_score: float
    late_days: int


def counted_attempt(
    attempts: list[Attempt], *, due_at: dt.datetime, policy: str, percent_per_day: float, max_days: int
) -> Counted | None:
    """The attempt that counts under `policy` ("best" or "latest"), penalty applied.
    Ties go to the earliest in `attempts` (best: the higher penalised score, then the
    fewer late days; latest: the later submission). One pass, one result object: the
    gradebook calls this for every cell of the class."""
    chosen = chosen_key = None
    for a in attempts:
        late = days_late(a.submitted_at, due_at)
        key = a.submitted_at if policy == "latest" else (a.score * late_factor(late, percent_per_day, max_days), -late)
        if chosen is None or key > chosen_key:
            chosen, chosen_key, chosen_late = a, key, late
    if chosen is None:
        return None
    penalised = chosen.score * late_factor(chosen_late, percent_per_day, max_days)
    return Counted(chosen.submission_id, chosen.score, penalised, chosen.max_score, chosen_late)


@dataclass(frozen=True)
class DueStatus:
    """Where `now` stands against a due date, for the "due in 3 days" / "2 days late"
    line and the warning before a late submission."""

    due_at: dt.datetime
    seconds_left: float
    late_days: int
    factor: float

    @property
    def late(self) -> bool:
        return self.late_days > 0

    @property
    def days_left(self) -> int:
        """Whole days until the due date, rounded down (0 on its last day)."""
        return max(0, int(self.seconds_left // 86400))

    @property
    def hours_left(self) -> int:
        return max(0, int(self.seconds_left // 3600))

    @property
    def penalty_percent(self) -> float:
        return round((1.0 - self.factor) * 100.0, 2)


def due_status(now: dt.datetime, *, due_at: dt.datetime, percent_per_day: float, max_days: int) -> DueStatus:
    late = days_late(now, due_at)
    return DueStatus(due_at, (due_at - now).total_seconds(), late, late_factor(late, percent_per_day, max_days))
