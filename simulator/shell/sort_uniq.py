"""sort and uniq as GNU coreutils print them (sort.c, uniq.c), in a UTF-8 locale whose order is
the characters' code points (Ubuntu's C.UTF-8; en_US.UTF-8's dictionary order is not simulated).

sort: `-n` (a leading decimal number, none is 0), `-h` (with K M G ... suffixes), `-g` (a float),
`-V` (version order), `-f`, `-b`, `-d`, `-r`, `-u` (one line of each run of equal keys), `-s`,
`-t X`, `-k F[.C][OPTS][,F[.C][OPTS]]` (repeated; a key's own letters replace the global ones),
`-o FILE`, `-c`; equal keys fall back to the whole line unless `-s` or `-u`, as sort.c's compare.
uniq: adjacent equal lines, `-c` (`%7d `), `-d`, `-u`, `-i`, `-f N`, `-s N`, `-w N`.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.tool_args import InputError, Usage, getopt, quote, read_input, try_help, write_refusal

ORDERINGS = "bdfghinMrRV"
SORT_LONG = {"numeric-sort": ("n", False), "human-numeric-sort": ("h", False), "general-numeric-sort": ("g", False),
             "version-sort": ("V", False), "ignore-case": ("f", False), "ignore-leading-blanks": ("b", False),
             "dictionary-order": ("d", False), "reverse": ("r", False), "unique": ("u", False), "stable": ("s", False),
             "field-separator": ("t", True), "key": ("k", True), "output": ("o", True), "check": ("c", False)}
NUMBER = re.compile(r"[ \t]*(-?)(\d*)(?:\.(\d*))?")
SUFFIX_ORDER = "KMGTPEZYRQ"


@program("sort")
def sort(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        parsed = getopt("sort", argv[1:], "bdfghinMrRVucsmz", "tkoST", SORT_LONG, status=2)
        unsupported = [key for key, _ in parsed.options if key in "MRimzST"]
        if unsupported:
            raise Usage(f"sort: -{unsupported[0]} is not simulated here\n", 2)
        separator = parsed.last("t")
        if separator is not None and len(separator) != 1:
            raise Usage(f"sort: multi-character tab {quote(separator)}\n", 2)
        global_flags = "".join(key for key, _ in parsed.options if key in ORDERINGS)
        keys = [parse_key(value, global_flags) for key, value in parsed.options if key == "k"]
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))
    lines, result, stdin_used = [], ToolResult(), [False]
    for operand in parsed.operands or ["-"]:
        try:
            lines.extend(read_input(ctx, operand, stdin_used).splitlines())
        except InputError as error:
            reason = "cannot read" if error.kind == "missing" else "read failed"
            detail = "No such file or directory" if error.kind == "missing" else "Is a directory"
            return ToolResult(exit_code=2).err(f"sort: {reason}: {operand}: {detail}\n")
    order = Order(keys or [Key(1, 0, None, 0, global_flags)], separator, stable=parsed.has("s", "u"),
                  reverse="r" in global_flags)
    if parsed.has("c"):
        return check(order, lines, (parsed.operands or ["-"])[0])
    ordered = sorted(lines, key=functools.cmp_to_key(order.compare))
    if parsed.has("u"):
        ordered = [line for index, line in enumerate(ordered) if index == 0 or order.keys_compare(ordered[index - 1], line)]
    text = "".join(f"{line}\n" for line in ordered)
    target = parsed.last("o")
    if target is None:
        return result.out(text)
    refusal = write_refusal(ctx, target, text)
    return result.err(f"sort: open failed: {target}: {refusal}\n") if refusal else result


def check(order: "Order", lines: list[str], name: str) -> ToolResult:
    for index in range(1, len(lines)):
        if order.compare(lines[index - 1], lines[index]) > 0:
            return ToolResult(exit_code=1).err(f"sort: {name}:{index + 1}: disorder: {lines[index]}\n")
    return ToolResult()


class Key:
    def __init__(self, start_field: int, start_char: int, end_field: int | None, end_char: int, flags: str) -> None:
        self.start_field, self.start_char = start_field, start_char
        self.end_field, self.end_char = end_field, end_char
        self.flags = flags


def parse_key(text: str, global_flags: str) -> Key:
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?([a-zA-Z]*)(?:,(\d+)(?:\.(\d+))?([a-zA-Z]*))?", text)
    if match is None or int(match.group(1)) == 0:
        what = "invalid number at field start: invalid count at start of" if match is None \
            else "field number is zero: invalid field specification"
        raise Usage(f"sort: {what} {quote(text)}\n", 2)
    own = (match.group(3) or "") + (match.group(6) or "")
    bad = [letter for letter in own if letter not in ORDERINGS]
    if bad:
        raise Usage(f"sort: stray character in field spec: invalid field specification {quote(text)}\n", 2)
    return Key(int(match.group(1)), int(match.group(2) or 0), int(match.group(4)) if match.group(4) else None,
               int(match.group(5) or 0), own or global_flags)


class Order:
    def __init__(self, keys: list[Key], separator: str | None, stable: bool, reverse: bool) -> None:
        self.keys, self.separator, self.stable, self.reverse = keys, separator, stable, reverse

    def compare(self, a: str, b: str) -> int:
        found = self.keys_compare(a, b)
        if found or self.stable:
            return found
        last_resort = (a > b) - (a < b)
        return -last_resort if self.reverse else last_resort

    def keys_compare(self, a: str, b: str) -> int:
        for key in self.keys:
            found = compare_values(self.field(a, key), self.field(b, key), key.flags)
            if found:
                return -found if "r" in key.flags else found
        return 0

    def fields(self, line: str) -> list[tuple[int, int]]:
        """Each field's (start, end): split at the separator, or blanks-then-non-blanks runs."""
        if self.separator is not None:
            spans, start = [], 0
            for part in line.split(self.separator):
                spans.append((start, start + len(part)))
                start += len(part) + 1
            return spans
        return [match.span() for match in re.finditer(r"[ \t]*[^ \t]+|[ \t]+$", line)] or [(0, len(line))]

    def field(self, line: str, key: Key) -> str:
        spans = self.fields(line)
        skip_blanks = "b" in key.flags
        if key.start_field > len(spans):
            return ""
        start = spans[key.start_field - 1][0]
        if skip_blanks:
            while start < len(line) and line[start] in " \t":
                start += 1
        start += max(key.start_char - 1, 0)
        if key.end_field is None or key.end_field > len(spans):
            end = len(line)
        elif key.end_char:
            end = spans[key.end_field - 1][0] + key.end_char
        else:
            end = spans[key.end_field - 1][1]
        return line[start:end] if end > start else ""


def compare_values(a: str, b: str, flags: str) -> int:
    if "b" in flags:
        a, b = a.lstrip(" \t"), b.lstrip(" \t")
    if "n" in flags:
        return cmp(decimal_value(a), decimal_value(b))
    if "h" in flags:
        return cmp(human_value(a), human_value(b))
    if "g" in flags:
        return cmp(float_value(a), float_value(b))
    if "d" in flags:
        a, b = ("".join(c for c in s if c.isalnum() or c in " \t") for s in (a, b))
    if "f" in flags:
        a, b = a.upper(), b.upper()
    if "V" in flags:
        return cmp(version_value(a), version_value(b))
    return cmp(a, b)


def cmp(a, b) -> int:
    return (a > b) - (a < b)


def decimal_value(text: str) -> Decimal:
    match = NUMBER.match(text)
    sign, whole, fraction = match.group(1), match.group(2), match.group(3) or ""
    if not whole and not fraction:
        return Decimal(0)
    return Decimal(f"{sign}{whole or 0}.{fraction or 0}")


def human_value(text: str) -> tuple[int, Decimal]:
    """sort.c's human compare: the sign, then the suffix's power, then the number."""
    number = decimal_value(text)
    rest = NUMBER.match(text).end()
    power = SUFFIX_ORDER.find(text[rest:rest + 1].upper()) + 1 if rest < len(text) else 0
    sign = (number > 0) - (number < 0)
    return sign, sign * power, number


def float_value(text: str) -> float:
    match = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text)
    try:
        return float(match.group(0)) if match else float("-inf")
    except (InvalidOperation, ValueError):
        return float("-inf")


def version_value(text: str) -> list:
    """Version order: digit runs compared as numbers, the rest as text, `~` before everything."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.replace("~", "\x00"))
            for part in re.findall(r"\d+|\D+", text)]


UNIQ_LONG = {"count": ("c", False), "repeated": ("d", False), "unique": ("u", False), "ignore-case": ("i", False),
             "skip-fields": ("f", True), "skip-chars": ("s", True), "check-chars": ("w", True)}


@program("uniq")
def uniq(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        parsed = getopt("uniq", argv[1:], "cdui", "fsw", UNIQ_LONG)
        numbers = {key: _uniq_number(key, parsed.last(key)) for key in "fsw"}
        if len(parsed.operands) > 2:
            raise Usage(f"uniq: extra operand {quote(parsed.operands[2])}\n" + try_help("uniq"))
        if parsed.has("c") and parsed.has("D"):
            raise Usage("uniq: printing all duplicated lines and repeat counts is meaningless\n" + try_help("uniq"))
        text = read_input(ctx, (parsed.operands or ["-"])[0])
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))
    except InputError as error:
        name = (parsed.operands or ["-"])[0]
        message = f"{name}: No such file or directory" if error.kind == "missing" else f"error reading '{name}'"
        return ToolResult(exit_code=1).err(f"uniq: {message}\n")
    groups: list[list[str]] = []
    for line in text.splitlines():
        if groups and _uniq_key(groups[-1][0], numbers, parsed.has("i")) == _uniq_key(line, numbers, parsed.has("i")):
            groups[-1].append(line)
        else:
            groups.append([line])
    out = []
    for group in groups:
        if (parsed.has("d") and len(group) == 1) or (parsed.has("u") and len(group) > 1):
            continue
        out.append((f"{len(group):7d} " if parsed.has("c") else "") + group[0] + "\n")
    output = "".join(out)
    if len(parsed.operands) == 2:
        refusal = write_refusal(ctx, parsed.operands[1], output)
        return ToolResult(exit_code=1).err(f"uniq: {parsed.operands[1]}: {refusal}\n") if refusal else ToolResult()
    return ToolResult().out(output)


def _uniq_number(key: str, value: str | None) -> int:
    if value is None:
        return 0 if key != "w" else -1
    if not value.isdigit():
        what = {"f": "number of fields to skip", "s": "number of bytes to skip", "w": "number of bytes to compare"}[key]
        raise Usage(f"uniq: {value}: invalid {what}\n")
    return int(value)


def _uniq_key(line: str, numbers: dict[str, int], fold: bool) -> str:
    for _ in range(numbers["f"]):
        line = re.sub(r"^[ \t]*[^ \t]*", "", line, count=1)
    line = line[numbers["s"]:]
    if numbers["w"] >= 0:
        line = line[:numbers["w"]]
    return line.lower() if fold else line
