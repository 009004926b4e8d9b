"""Resource quantities (`500m`, `2`, `3823360Ki`, `64M`) as apimachinery's `resource.Quantity` reads and prints them.

Parsing keeps the exact value as a Fraction and the format of the suffix; `canonical`
prints the shortest exact form Kubernetes would (`1500m`, `1k`, `240Mi`). Sums keep
the format of their first term, as `Quantity.Add` does. Exponent forms (`1e3`) print
with a decimal suffix instead of `e` notation, which kubectl users rarely meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
DECIMAL_SUFFIX = {exponent: suffix for suffix, exponent in DECIMAL.items()}
_PATTERN = re.compile(r"^([+-]?[0-9.]+)(e[+-]?[0-9]+|E[+-]?[0-9]+|[a-zA-Z]*)$")


@dataclass(frozen=True)
class Quantity:
    value: Fraction
    binary: bool = False

    def __add__(self, other: "Quantity") -> "Quantity":
        return Quantity(self.value + other.value, self.binary)

    def milli(self) -> int:
        """`MilliValue()`: rounded up, as Kubernetes rounds fractional milli values."""
        return -((-self.value * 1000) // 1)

    def whole(self) -> int:
        """`Value()`: rounded up to an integer."""
        return -((-self.value) // 1)

    def __str__(self) -> str:
        return canonical(self)


ZERO = Quantity(Fraction(0))


def parse_quantity(text: str | int | float | None) -> Quantity:
    if text is None or text == "":
        return ZERO
    if isinstance(text, (int, float)):
        return Quantity(Fraction(text))
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"quantities must match the regular expression, got {text!r}")
    number, suffix = Fraction(match.group(1)), match.group(2)
    if suffix in BINARY:
        return Quantity(number * 1024 ** BINARY[suffix], binary=True)
    if suffix in DECIMAL:
        return Quantity(number * Fraction(10) ** DECIMAL[suffix])
    if suffix[:1] in ("e", "E"):
        return Quantity(number * Fraction(10) ** int(suffix[1:]))
    raise ValueError(f"unable to parse quantity's suffix: {text!r}")


def canonical(quantity: Quantity) -> str:
    value = quantity.value
    if quantity.binary and abs(value) >= 1024 and value.denominator == 1:
        mantissa, power = int(value), 0
        while power < 6 and mantissa % 1024 == 0:
            mantissa, power = mantissa // 1024, power + 1
        suffix = next(name for name, p in BINARY.items() if p == power) if power else ""
        return f"{mantissa}{suffix}"
    return _decimal(value)


def _decimal(value: Fraction) -> str:
    if value == 0:
        return "0"
    scaled, exponent = value, 0
    while scaled.denominator != 1 and exponent > -9:
        scaled, exponent = scaled * 1000, exponent - 3
    mantissa = -((-scaled) // 1)  # anything finer than a nano rounds up
    while mantissa % 1000 == 0 and exponent < 18:
        mantissa, exponent = mantissa // 1000, exponent + 3
    return f"{mantissa}{DECIMAL_SUFFIX[exponent]}"


def total(quantities: list[Quantity]) -> Quantity:
    result = quantities[0] if quantities else ZERO
    for quantity in quantities[1:]:
        result = result + quantity
    return result
