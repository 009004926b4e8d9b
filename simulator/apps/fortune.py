"""whatwant/fortune:v1.0, week 7's image: `fortuneloop.sh` as its ENTRYPOINT with CMD ["10"].

The script (07-ConfigMap-Secret-downwardAPI/hands-on/fortuneloop.sh, slides lines 46-59):

    INTERVAL=$1
    echo generate every $INTERVAL seconds
    mkdir -p /var/htdocs
    while :; do
      echo $(date) Writing to /var/htdocs/index.html
      /usr/games/fortune > /var/htdocs/index.html
      sleep $INTERVAL
    done

so a container's `args` replace the 10, its log is the first line and then one `date` line per
round (`$(date)` unquoted, so bash's word splitting turns `Fri Sep  2` into `Fri Sep 2`, as
the slides print it; the container's clock is UTC), and `/var/htdocs/index.html` holds the
round's fortune. Everything is a function of the container's start and the clock, so a log or
the page is computed when it is read. Fortunes come from an excerpt of Debian's fortunes-min
(`data/fortunes-min.txt`), drawn per round from the pod, the container and the round.

The log is bounded as the kubelet's is (containerLogMaxSize 10 MiB: older lines rotate away).
An interval bash's `sleep` refuses (`abc`, `-1`) makes a loop without a pause, whose log fills
that bound at once, with sleep's two error lines each round. Not simulated: a page written where
no volume is mounted (the container's own /var/htdocs).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from pathlib import Path

from simulator.printers.formats import parse_rfc3339

APP = "fortune"
DEFAULT_INTERVAL = "10"  # the Dockerfile's CMD
PAGE_DIR = "/var/htdocs"
LOG_LIMIT = 10 * 1024 * 1024  # the kubelet's containerLogMaxSize
FORTUNES = Path(__file__).resolve().parent / "data" / "fortunes-min.txt"


@functools.lru_cache(maxsize=1)
def fortunes() -> tuple[str, ...]:
    text = "".join(line for line in FORTUNES.read_text().splitlines(keepends=True) if not line.startswith("#"))
    return tuple(entry.strip("\n") + "\n" for entry in text.split("\n%\n"))


def interval_word(container: dict) -> str:
    args = [str(a) for a in container.get("args") or []]
    return args[0] if args else DEFAULT_INTERVAL


def seconds(word: str) -> float | None:
    """GNU sleep's operand in seconds, None for what it refuses (a loop without a pause)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (word[:-1], word[-1]) if word and word[-1] in units else (word, "s")
    try:
        value = float(number) * units[unit]
    except ValueError:
        return None
    return value if value >= 0 else None


def runs_the_loop(container: dict) -> bool:
    """The container runs the image's ENTRYPOINT (no `command` of its own)."""
    from simulator.apps.images import find_image

    image = find_image(str(container.get("image") or ""))
    return image is not None and image.app == APP and not container.get("command")


def started_at(pod, container: dict) -> float | None:
    for status in pod.status.get("containerStatuses") or []:
        if status.get("name") == container.get("name"):
            return parse_rfc3339(((status.get("state") or {}).get("running") or {}).get("startedAt"))
    return None


def rounds(start: float, now: float, interval: float | None, per_round: int) -> int:
    if interval is None or interval == 0:
        return LOG_LIMIT // per_round + 1  # no pause: the log is full at once
    return int((now - start) // interval) + 1


def date_text(moment: float) -> str:
    when = dt.datetime.fromtimestamp(int(moment), tz=dt.timezone.utc)
    return f"{when:%a %b} {when.day} {when:%H:%M:%S} UTC {when.year}"


def log(pod, container: dict, now: float) -> str:
    """What `kubectl logs` shows of the loop up to `now` (the newest 10 MiB)."""
    start = started_at(pod, container)
    if start is None or now < start or not runs_the_loop(container):
        return ""
    word = interval_word(container)
    interval = seconds(word)
    error = "" if interval is not None else (f"sleep: invalid time interval '{word}'\n"
                                             "Try 'sleep --help' for more information.\n")
    line = len(date_text(start)) + len(" Writing to /var/htdocs/index.html\n") + len(error)
    count = min(rounds(start, now, interval, line), LOG_LIMIT // line + 1)
    first = max(0, rounds(start, now, interval, line) - count)
    lines = [] if first else [f"generate every {word} seconds\n"]
    for index in range(first, first + count):
        moment = start + index * (interval or 0)
        lines.append(f"{date_text(moment)} Writing to /var/htdocs/index.html\n{error}")
    return "".join(lines)


def page(pod, container: dict, index: int) -> str:
    draw = random.Random(f"{pod.metadata.uid}/{container.get('name')}/{index}")
    return draw.choice(fortunes())


def pages_into(tree, mount_root: str, pod, volume: str, now: float) -> None:
    """Bring `index.html` of an emptyDir mounted at /var/htdocs in a fortune container up to `now`."""
    for container in pod.spec.get("containers") or []:
        start = started_at(pod, container)
        mounted = any(m.get("name") == volume and m.get("mountPath", "").rstrip("/") == PAGE_DIR
                      for m in container.get("volumeMounts") or [])
        if start is None or now < start or not mounted or not runs_the_loop(container):
            continue
        interval = seconds(interval_word(container))
        index = rounds(start, now, interval, 1) - 1
        moment = start + index * (interval or 0)
        path = mount_root.rstrip("/") + "/index.html"
        text = page(pod, container, index)
        entry = tree.get(path)
        if entry is None or entry.content != text or entry.mtime < moment:
            tree.write(path, text, moment)
