"""HumanDuration and ShortHumanDuration boundaries (apimachinery pkg/util/duration/duration.go)."""

import pytest

from simulator.printers.duration import age, human_duration, short_human_duration

MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.mark.parametrize("seconds, expected", [
    (-2, "<invalid>"), (-1.5, "0s"), (-1, "0s"), (-0.5, "0s"), (0, "0s"), (37.9, "37s"),
    (119, "119s"), (120, "2m"), (312, "5m12s"), (599, "9m59s"), (600, "10m"),
    (179 * MINUTE + 59, "179m"), (3 * HOUR, "3h"), (3 * HOUR + 10 * MINUTE, "3h10m"),
    (8 * HOUR - 1, "7h59m"), (8 * HOUR, "8h"), (47 * HOUR + 59 * MINUTE, "47h"), (48 * HOUR, "2d"),
    (2 * DAY + 23 * HOUR, "2d23h"), (8 * DAY - 1, "7d23h"), (8 * DAY, "8d"), (20 * DAY, "20d"),
    (729 * DAY, "729d"), (730 * DAY, "2y"), (731 * DAY, "2y1d"), (8 * 365 * DAY - 1, "7y364d"),
    (8 * 365 * DAY, "8y"), (20 * 365 * DAY, "20y"),
])
def test_human_duration_matches_apimachinery(seconds, expected):
    assert human_duration(seconds) == expected


@pytest.mark.parametrize("seconds, expected", [
    (-2, "<invalid>"), (-1, "0s"), (10, "10s"), (59, "59s"), (60, "1m"), (150, "2m"), (3599, "59m"),
    (3 * HOUR, "3h"), (23 * HOUR, "23h"), (8 * DAY, "8d"), (364 * DAY, "364d"), (400 * DAY, "1y"),
])
def test_short_human_duration_keeps_one_unit(seconds, expected):
    assert short_human_duration(seconds) == expected


def test_age_of_a_zero_timestamp_is_unknown():
    assert age(1000.0, 0) == "<unknown>"
    assert age(1000.0, 700.0) == "5m"
