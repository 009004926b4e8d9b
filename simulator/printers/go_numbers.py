"""Go's float formatting, for output that must match kubectl's byte for byte.

`format_g` is `strconv.FormatFloat(f, 'g', -1, 64)`, which go-yaml and `fmt.Print`
(JSONPath) use; `format_json` is what encoding/json writes for a float64. Both start
from the shortest digits that round-trip, which Python's `repr` also produces.
"""

from __future__ import annotations

import math
from decimal import Decimal


def _shortest(value: float) -> tuple[str, int]:
    """Digits and decimal-point position: value = 0.<digits> x 10^position."""
    sign, digits, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    return text, len(text) + int(exponent)


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    return None


def _e(digits: str, point: int, negative: bool) -> str:
    exponent = point - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    sign = "+" if exponent >= 0 else "-"
    return ("-" if negative else "") + f"{mantissa}e{sign}{abs(exponent):02d}"


def _f(digits: str, point: int, negative: bool) -> str:
    if point <= 0:
        text = "0." + "0" * -point + digits
    elif point >= len(digits):
        text = digits + "0" * (point - len(digits))
    else:
        text = digits[:point] + "." + digits[point:]
    return ("-" if negative else "") + text


def format_g(value: float) -> str:
    """`%v` / `'g'` with shortest precision: exponent form below 1e-4 or from 1e6 (`1e+06`)."""
    special = _special(value)
    if special is not None:
        return special
    digits, point = _shortest(value)
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        return _e(digits, point, value < 0)
    return _f(digits, point, value < 0)


def format_json(value: float) -> str:
    """encoding/json: plain decimals, exponent form below 1e-6 or from 1e21 (`1e+21`, `1e-7`)."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {format_g(value)}")
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    digits, point = _shortest(value)
    if abs(value) < 1e-6 or abs(value) >= 1e21:
        text = _e(digits, point, value < 0)
        if len(text) >= 4 and text[-4:-1] == "e-0":
            text = text[:-2] + text[-1]  # Go cleans e-07 up to e-7
        return text
    return _f(digits, point, value < 0)
