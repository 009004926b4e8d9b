"""What go-yaml v2 decides before emitting a scalar: its resolver and its map key order.

`resolves_to_non_string` is go-yaml's `resolve` (plus its base-60 float check): a
string that would read back as a bool, null, number or timestamp must be quoted.
`sorted_keys` is `keyList.Less` for string keys: non-letters before letters, runs of
digits compared as numbers.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from functools import cmp_to_key
from typing import Any

RESOLVE_MAP = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO",
               "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN",
               ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}
HINT_MAP, HINT_NUMBER = set("yYnNtTfFoO~"), set("+-0123456789")
YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
BASE60_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
GO_FLOAT = re.compile(r"^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|inf(inity)?|nan)$", re.IGNORECASE)
TIMESTAMP = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?"
                       r"(?:Z|[+-]\d{2}:\d{2})$| (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?$)")
INT_DIGITS = {16: re.compile(r"^[0-9a-fA-F]+$"), 10: re.compile(r"^[0-9]+$"), 8: re.compile(r"^[0-7]+$"),
              2: re.compile(r"^[01]+$")}


# resolving: would a plain scalar read back as something other than this string? ---------


def _go_int(text: str) -> bool:
    """`strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` succeeds."""
    sign, body = (text[0], text[1:]) if text[:1] in "+-" else ("", text)
    lowered = body.lower()
    if lowered[:2] in ("0x", "0o", "0b"):
        base, digits = {"0x": 16, "0o": 8, "0b": 2}[lowered[:2]], body[2:]
    elif body.startswith("0") and len(body) > 1:
        base, digits = 8, body[1:]
    else:
        base, digits = 10, body
    if not digits or not INT_DIGITS[base].match(digits):
        return False
    value = int(digits, base)
    limit = {"-": 2**63, "+": 2**63 - 1, "": 2**64 - 1}[sign]
    return value <= limit


def _timestamp(text: str) -> bool:
    match = TIMESTAMP.match(text)
    if not match:
        return False
    numbers = [int(g) for g in match.groups() if g is not None]
    try:
        _dt.datetime(*numbers[:3])
        return len(numbers) == 3 or (numbers[3] < 24 and numbers[4] < 60 and numbers[5] < 60)
    except ValueError:
        return False


def resolves_to_non_string(text: str) -> bool:
    """go-yaml v2 `resolve` returns a non-str tag (or the string is a base-60 float) for this plain text."""
    if BASE60_FLOAT.match(text):
        return True
    hint = text[:1] if text else "N"
    if hint not in HINT_MAP and hint not in HINT_NUMBER and hint not in ".N":
        return False
    if text in RESOLVE_MAP:
        return True
    if hint == ".":
        return bool(GO_FLOAT.match(text))
    if hint in HINT_NUMBER:
        plain = text.replace("_", "")
        if _timestamp(text) or _go_int(plain) or YAML_FLOAT.match(plain):
            return True
        if plain.startswith("0b") or plain.startswith("-0b"):
            return bool(re.match(r"^-?0b[01]+$", plain))
    return False


# key order --------------------------------------------------------------------------


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _compare_keys(a: str, b: str) -> int:
    """go-yaml v2 `keyList.Less` for string keys: letters after others, digit runs as numbers."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = _is_letter(a[i]), _is_letter(b[i])
        if a_letter and b_letter:
            return -1 if a[i] < b[i] else 1
        if a_letter or b_letter:
            return -1 if b_letter else 1
        a_num = b_num = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    a_num = b_num = 1
                    break
                j -= 1
        a_end, b_end = i, i
        while a_end < len(a) and a[a_end].isdigit():
            a_num, a_end = a_num * 10 + int(a[a_end]), a_end + 1
        while b_end < len(b) and b[b_end].isdigit():
            b_num, b_end = b_num * 10 + int(b[b_end]), b_end + 1
        if a_num != b_num:
            return -1 if a_num < b_num else 1
        if a_end != b_end:
            return -1 if a_end < b_end else 1
        return -1 if a[i] < b[i] else 1
    return (len(a) > len(b)) - (len(a) < len(b))


def sorted_keys(mapping: dict[str, Any]) -> list[str]:
    return sorted(mapping, key=cmp_to_key(_compare_keys))
