"""tr as GNU coreutils runs it (tr.c): translate, delete (-d), squeeze (-s), complement (-c/-C),
truncate SET1 (-t).

Sets: characters, backslash escapes (`\\n \\t \\\\ \\NNN` ...), ranges `a-z`, classes `[:alpha:]`
and the others, `[=c=]`, and in SET2 `[c*N]`/`[c*]` repeats; SET2 is padded with its last
character to SET1's length. As in tr.c, only `[:upper:]` and `[:lower:]` may appear in SET2
when translating, and a reversed range is refused. tr reads standard input only. GNU tr works
on bytes; the simulated one on characters, which differs only for non-ASCII text.
"""

from __future__ import annotations

import string

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.tool_args import Usage, getopt, quote, try_help

LONG = {"complement": ("c", False), "delete": ("d", False), "squeeze-repeats": ("s", False),
        "truncate-set1": ("t", False)}
CLASSES = {
    "alpha": string.ascii_letters, "upper": string.ascii_uppercase, "lower": string.ascii_lowercase,
    "digit": string.digits, "alnum": string.digits + string.ascii_letters, "xdigit": string.hexdigits[:16] + "ABCDEF",
    "space": " \t\n\r\f\v", "blank": " \t", "punct": "".join(c for c in map(chr, range(33, 127)) if not c.isalnum()),
    "print": "".join(map(chr, range(32, 127))), "graph": "".join(map(chr, range(33, 127))),
    "cntrl": "".join(map(chr, range(32))) + "\x7f",
}
ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
MAX_REPEAT = 1 << 16


@program("tr")
def tr(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        parsed = getopt("tr", argv[1:], "cCdst", "", LONG)
        return ToolResult().out(run(parsed, ctx.stdin))
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))


def run(parsed, text: str) -> str:
    delete, squeeze, complement = parsed.has("d"), parsed.has("s"), parsed.has("c", "C")
    sets = parsed.operands
    check_operands(sets, delete, squeeze)
    first = expand(sets[0], second=False)
    if complement:
        members = set(first)
        first = [chr(code) for code in range(256) if chr(code) not in members]
    if delete:
        removed = set(first)
        text = "".join(char for char in text if not (char in removed or (complement and ord(char) > 255)))
        return squeezed(text, set(expand(sets[1], second=True))) if squeeze else text
    if len(sets) == 1:
        return squeezed(text, set(first))
    second = expand(sets[1], second=True, translating=True)
    if parsed.has("t"):
        first = first[:len(second)]
    elif not second:
        raise Usage("tr: when not truncating set1, string2 must be non-empty\n")
    second = second + [second[-1]] * (len(first) - len(second))
    table = dict(zip(first, second))
    last = second[-1] if complement else None
    translated = "".join(table.get(char, last if last is not None and ord(char) > 255 else char) for char in text)
    return squeezed(translated, set(second)) if squeeze else translated


def check_operands(sets: list[str], delete: bool, squeeze: bool) -> None:
    wanted = 2 if (delete and squeeze) or not (delete or squeeze) else 1
    if not sets:
        raise Usage("tr: missing operand\n" + try_help("tr"))
    if len(sets) < wanted:
        why = "Two strings must be given when both deleting and squeezing repeats.\n" if delete \
            else "Two strings must be given when translating.\n"
        raise Usage(f"tr: missing operand after {quote(sets[-1])}\n{why}" + try_help("tr"))
    if len(sets) > 2 or (len(sets) == 2 and wanted == 1 and delete):
        extra = sets[2] if len(sets) > 2 else sets[1]
        why = "Only one string may be given when deleting without squeezing repeats.\n" if delete and len(sets) == 2 else ""
        raise Usage(f"tr: extra operand {quote(extra)}\n{why}" + try_help("tr"))


def squeezed(text: str, members: set[str]) -> str:
    out = []
    for char in text:
        if not (out and out[-1] == char and char in members):
            out.append(char)
    return "".join(out)


def expand(spec: str, *, second: bool, translating: bool = False) -> list[str]:
    """A set's characters in order."""
    out, index = [], 0
    while index < len(spec):
        if spec.startswith("[:", index) and ":]" in spec[index + 2:]:
            end = spec.index(":]", index + 2)
            name = spec[index + 2:end]
            if name not in CLASSES:
                raise Usage(f"tr: invalid character class {quote(name)}\n")
            if second and translating and name not in ("upper", "lower"):
                raise Usage("tr: when translating, the only character classes that may appear in\n"
                            "string2 are 'upper' and 'lower'\n")
            out.extend(CLASSES[name])
            index = end + 2
            continue
        if spec.startswith("[=", index) and spec.find("=]", index + 3) == index + 3:
            out.append(spec[index + 2])
            index += 5
            continue
        if second and spec.startswith("[", index) and "*" in spec[index + 1:index + 4] and "]" in spec[index:]:
            char, after = one_char(spec, index + 1)
            if spec[after:after + 1] == "*":
                close = spec.index("]", after)
                count_text = spec[after + 1:close]
                count = int(count_text, 8 if count_text.startswith("0") else 10) if count_text else 0
                out.extend([char] * min(count, MAX_REPEAT) if count else [char] * MAX_REPEAT)
                index = close + 1
                continue
        char, after = one_char(spec, index)
        if spec[after:after + 1] == "-" and after + 1 < len(spec):
            last, beyond = one_char(spec, after + 1)
            if ord(last) < ord(char):
                raise Usage(f"tr: range-endpoints of '{spec[index:beyond]}' are in reverse collating sequence order\n")
            out.extend(chr(code) for code in range(ord(char), ord(last) + 1))
            index = beyond
            continue
        out.append(char)
        index = after
    return out


def one_char(spec: str, index: int) -> tuple[str, int]:
    """One character of a set, an escape read; and where the next one starts."""
    if spec[index] != "\\" or index + 1 == len(spec):
        return spec[index], index + 1
    code = spec[index + 1]
    if code in ESCAPES:
        return ESCAPES[code], index + 2
    if code in "01234567":
        end = index + 1
        while end < len(spec) and end < index + 4 and spec[end] in "01234567":
            end += 1
        return chr(int(spec[index + 1:end], 8) & 0xFF), end
    return code, index + 2
