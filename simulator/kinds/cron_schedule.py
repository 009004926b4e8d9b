"""Cron schedules as the CronJob controller reads them (robfig/cron/v3's `ParseStandard`).

Five fields, minute hour day-of-month month day-of-week, each `*`, `?`, a number, a range
`a-b`, a step `*/n` or `a-b/n` or `a/n`, a comma list of those, month and weekday names
(`JAN`, `MON`); the descriptors `@yearly` `@annually` `@monthly` `@weekly` `@daily`
`@midnight` `@hourly`, and `@every <duration>`. When both day fields are restricted a day
matches either (cron's rule). Times are UTC, kube-controller-manager's zone on the VMs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

MONTHS = {name: i for i, name in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}
DAYS = {name: i for i, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"))}
FIELDS = (("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of month", 1, 31, {}), ("month", 1, 12, MONTHS),
          ("day of week", 0, 6, DAYS))
DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
               "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
SEARCH_YEARS = 5  # robfig gives up after five years without a match


class ScheduleError(ValueError):
    """The parser's own words, as the API server's validation quotes them."""


@dataclass(frozen=True)
class Schedule:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool  # day of month was `*` or `?`
    any_weekday: bool
    every: float = 0.0  # `@every`: a fixed interval instead

    def next_after(self, moment: float) -> float | None:
        """The first scheduled time strictly after `moment` (seconds since the epoch), None within five years."""
        if self.every:
            return moment - moment % 1 + self.every
        start = datetime.fromtimestamp(moment, timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = start.year + SEARCH_YEARS
        current = start
        while current.year <= limit:
            if current.month not in self.months:
                current = (current.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
                continue
            if not self.day_matches(current):
                current = current.replace(hour=0, minute=0) + timedelta(days=1)
                continue
            if current.hour not in self.hours:
                current = current.replace(minute=0) + timedelta(hours=1)
                continue
            if current.minute not in self.minutes:
                current += timedelta(minutes=1)
                continue
            return current.timestamp()
        return None

    def day_matches(self, moment: datetime) -> bool:
        in_month = moment.day in self.days
        in_week = (moment.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:
            return in_month and in_week
        return in_month or in_week


def parse_schedule(text: str) -> Schedule:
    text = text.strip()
    if text.startswith("TZ=") or text.startswith("CRON_TZ="):
        raise ScheduleError("CRON_TZ or TZ used in schedule is not officially supported")
    if text.startswith("@every "):
        return Schedule(frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), True, True,
                        every=_duration(text[len("@every "):]))
    if text.startswith("@"):
        if text not in DESCRIPTORS:
            raise ScheduleError(f"unrecognized descriptor: {text}")
        text = DESCRIPTORS[text]
    parts = text.split()
    if len(parts) != 5:
        raise ScheduleError(f"expected exactly 5 fields, found {len(parts)}: [{' '.join(parts)}]")  # Go's %v
    values = [_field(part, low, high, names) for part, (_, low, high, names) in zip(parts, FIELDS)]
    weekdays = frozenset(v % 7 for v in values[4])  # 7 is Sunday too
    return Schedule(*(frozenset(v) for v in values[:4]), weekdays,
                    parts[2] in ("*", "?"), parts[4] in ("*", "?"))


def _field(text: str, low: int, high: int, names: dict[str, int]) -> set[int]:
    found: set[int] = set()
    for item in text.split(","):
        range_part, _, step_part = item.partition("/")
        step = 1
        if step_part:
            if not step_part.isdigit() or int(step_part) == 0:
                raise ScheduleError(f"failed to parse int from {step_part}: strconv.Atoi: parsing "
                                    f"\"{step_part}\": invalid syntax" if not step_part.isdigit()
                                    else f"step of range should be a positive number: {item}")
            step = int(step_part)
        if range_part in ("*", "?"):
            first, last = low, high
        else:
            start, dash, end = range_part.partition("-")
            first = _number(start, names)
            last = _number(end, names) if dash else (high if step_part else first)
        if first < low:
            raise ScheduleError(f"beginning of range ({first}) below minimum ({low}): {item}")
        if last > high + (1 if names is DAYS else 0):
            raise ScheduleError(f"end of range ({last}) above maximum ({high}): {item}")
        if first > last:
            raise ScheduleError(f"beginning of range ({first}) beyond end of range ({last}): {item}")
        found.update(range(first, last + 1, step))
    return found


def _number(text: str, names: dict[str, int]) -> int:
    if text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        raise ScheduleError(f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|m|s|ms)")


def _duration(text: str) -> float:
    """A Go duration (`1h30m`, `90s`) in seconds, rounded down to whole seconds, at least one."""
    total, pos = 0.0, 0
    for match in DURATION.finditer(text):
        if match.start() != pos:
            break
        total += float(match.group(1)) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise ScheduleError(f"failed to parse duration {text}: time: invalid duration \"{text}\"")
    return max(1.0, float(int(total)))


def minutes_since_epoch(moment: float) -> int:
    """`getTimeHashInMinutes`: a scheduled time as the number in its Job's name."""
    return int(moment // 60)

