"""What the batch images the course's Week 3 runs print and how long they take.

`perl -Mbignum=bpi -wle 'print bpi(N)'` prints pi to N significant digits (Math::BigFloat's
`bpi` rounds to N digits; `-l` ends the line), about 4 s for the slides' 2,000 digits on the
course's 1-CPU workers ("평균 10초 정도 소요" with the image start); kodekloud/throw-dice rolls
one die, prints it and exits 0 only on a six (the slide: "`6`이 나올 때만 success").
The die comes from the cluster's seeded "throw-dice" stream, drawn when the container starts.
"""

from __future__ import annotations

import re

PI_DIGITS_LIMIT = 4_000  # beyond this the simulation does not compute digits: the process just keeps running
BPI = re.compile(r"print\s+bpi\(\s*(\d+)\s*\)")
THROW_DICE_SECONDS = 3.0


def pi_digits(count: int) -> str:
    """Pi rounded to `count` significant digits, as `bpi(count)` prints it (Machin's formula)."""
    guard = 10
    scale = 10 ** (count + guard)

    def arctan_inverse(x: int) -> int:
        total, term, n, sign = 0, scale // x, 1, 1
        x_squared = x * x
        while term:
            total += sign * (term // n)
            term //= x_squared
            n += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inverse(5) - arctan_inverse(239))  # pi * 10**(count + guard)
    rounded = (pi + 5 * 10 ** (guard)) // 10 ** (guard + 1)  # count significant digits, rounded half up
    digits = str(rounded)
    return digits[0] + ("." + digits[1:] if count > 1 else "")


def perl_bpi(command: list[str]) -> tuple[float, str] | None:
    """(seconds it runs, what it prints) for `perl -Mbignum=bpi -wle 'print bpi(N)'`, None otherwise."""
    if len(command) < 2 or not any("bignum" in part for part in command[1:-1]):
        return None
    match = BPI.search(command[-1])
    if not match:
        return None
    count = int(match.group(1))
    if count > PI_DIGITS_LIMIT:
        return float("inf"), ""
    seconds = max(1.0, count * count / 1_000_000)  # bignum's bpi is quadratic: 2,000 digits in about 4 s
    return seconds, pi_digits(max(count, 1)) + "\n"


def throw_dice(rng) -> tuple[int, str]:
    """(exit code, what it prints): one roll of a fair die from the seeded source."""
    rolled = rng.randint(1, 6)
    return (0 if rolled == 6 else 1), f"{rolled}\n"


SLEEP = re.compile(r"\bsleep\s+(\d+(?:\.\d+)?)\b")
EXIT = re.compile(r"\bexit\s+(\d+)\b")
ECHO = re.compile(r"\becho\s+(?:\"([^\"]*)\"|'([^']*)'|([^;&|\n]*))")
FOREVER = ("while true", "while :", "tail -f", "nc -l", "httpd", "sleep infinity")


def shell_script(script: str) -> tuple[float | None, int, str]:
    """A container's `sh -c` script: (seconds until it exits, None for never; its exit code; its echoes).

    Only the shapes batch pods use are read: sleeps run one after another, `exit N` ends it,
    `echo` prints; a loop without end or a server keeps it running."""
    if any(word in script for word in FOREVER):
        return None, 0, ""
    seconds = sum(float(found) for found in SLEEP.findall(script))
    exit_match = EXIT.search(script)
    printed = "".join(next((part for part in found if part), "").strip() + "\n" for found in ECHO.findall(script))
    return seconds, int(exit_match.group(1)) if exit_match else 0, printed
