"""awk's values: numbers, strings, and the strings from input that look like numbers ("strnum"),
compared as POSIX awk compares them; number to text by CONVFMT/OFMT (`%.6g`), with mawk's rule
that only an integral value inside a C int prints as an integer (`2^31` prints `2.14748e+09`);
and printf's conversions, one C format at a time.

Regular expressions are ERE through grep's translation to RE2 (`gnu_regex`): linear time
whatever a student types, compiled once per text (a bounded cache).
"""

from __future__ import annotations

import math
import re

import re2

from simulator.shell.gnu_regex import PatternError, Translator, compile_pattern

NUMERIC_PREFIX = re.compile(r"\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)", re.I)
LOOKS_NUMERIC = re.compile(r"\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)\s*")
FORMAT_SPEC = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])")
MAX_REGEX_CACHE = 256


class AwkRuntimeError(Exception):
    """What awk stops with while running: mawk's `run time error: ...` text."""


class StrNum(str):
    """A field, a `-v` value, an element of split(): numeric in comparisons when it looks like a number."""

    @property
    def numeric(self) -> bool:
        return LOOKS_NUMERIC.fullmatch(self) is not None


class Uninitialized(StrNum):
    """A variable never assigned: "" as a string and 0 as a number, at once."""

    @property
    def numeric(self) -> bool:
        return True


UNSET = Uninitialized("")


def to_number(value) -> float:
    if isinstance(value, float):
        return value
    match = NUMERIC_PREFIX.match(value)
    if match is None:
        return 0.0
    text = match.group().strip().lower()
    if "inf" in text or "nan" in text:
        return 0.0  # mawk reads only decimal numbers from text
    return float(text)


def number_text(number: float, conversion: str = "%.6g", int_limit: float = 2**31 - 1) -> str:
    if math.isfinite(number) and number == int(number) and abs(number) <= int_limit:
        return str(int(number))
    if math.isnan(number):
        return "nan" if math.copysign(1, number) > 0 else "-nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return conversion % number


def to_text(value, conversion: str = "%.6g", int_limit: float = 2**31 - 1) -> str:
    return number_text(value, conversion, int_limit) if isinstance(value, float) else value


def is_numeric(value) -> bool:
    return isinstance(value, float) or (isinstance(value, StrNum) and value.numeric)


def truth(value) -> bool:
    if isinstance(value, float):
        return value != 0
    if isinstance(value, StrNum) and value.numeric:
        return to_number(value) != 0
    return value != ""


def compare(left, right, operator: str, int_limit: float) -> bool:
    if is_numeric(left) and is_numeric(right):
        a, b = to_number(left), to_number(right)
    else:
        a, b = to_text(left, int_limit=int_limit), to_text(right, int_limit=int_limit)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[operator]


class Regexes:
    """Each ERE text compiled once; a student's pattern never runs on a backtracking engine."""

    def __init__(self) -> None:
        self.cache: dict[str, object] = {}

    def compile(self, text: str):
        compiled = self.cache.get(text)
        if compiled is None:
            try:
                checked = compile_pattern(text, extended=True)
                compiled = re2.compile(Translator(text, extended=True).translate(), checked.compiled.options)
            except PatternError as error:
                raise AwkRuntimeError(f"regular expression compile failed ({error})\n{text}") from None
            if len(self.cache) >= MAX_REGEX_CACHE:
                self.cache.clear()
            self.cache[text] = compiled
        return compiled


def format_values(form: str, values: list, int_limit: float) -> str:
    """printf's FORMAT with its arguments: %d %i %o %x %X %u %c %s %e %E %f %F %g %G %%, flags,
    width and precision (`*` too); a missing argument is mawk's run-time error."""
    out, position, remaining = [], 0, list(values)

    def take():
        if not remaining:
            raise AwkRuntimeError(f"not enough arguments passed to printf(\"{form}\")")
        return remaining.pop(0)

    for match in FORMAT_SPEC.finditer(form):
        out.append(form[position:match.start()])
        position = match.end()
        flags, width, precision, conversion = match.groups()
        if conversion == "%":
            out.append("%")
            continue
        width = str(int(to_number(take()))) if width == "*" else width or ""
        precision = str(int(to_number(take()))) if precision == "*" else precision
        spec = "%" + flags + width + ("." + precision if precision is not None else "")
        out.append(convert(spec, conversion, take(), int_limit))
    out.append(form[position:])
    return "".join(out)


def convert(spec: str, conversion: str, value, int_limit: float) -> str:
    if conversion in "diouxX":
        number = to_number(value)
        whole = int(number) if math.isfinite(number) else 0
        if conversion == "u":
            conversion, whole = "d", whole % (1 << 64) if whole < 0 else whole
        return (spec + ("d" if conversion == "i" else conversion)) % whole
    if conversion in "eEfFgG":
        return (spec + conversion) % to_number(value)
    if conversion == "c":
        text = chr(int(to_number(value)) % 256) if isinstance(value, float) else to_text(value)[:1] or "\0"
        return (spec + "s") % text
    if conversion == "s":
        return (spec + "s") % to_text(value, int_limit=int_limit)
    return spec + conversion  # an unknown conversion is printed as it is
