"""Pathname expansion as bash does it with its default options: `*`, `?`, `[...]`, `[!...]`
(`[^...]` too), POSIX classes (`[[:digit:]]`), and `\\x` for a literal character.

A name starting with `.` is matched only by a pattern whose component starts with a literal
`.`; `.` and `..` are never listed (bash 5.2's `globskipdots`; bash 5.0 on the course's Ubuntu
20.04 would list them for `.*`). A word whose pattern matches nothing stays as typed
(`nullglob` and `failglob` off). Matches are sorted in the C locale, byte by byte, as in the
course's containers (a node's shell under `en_US.UTF-8` would collate case-insensitively; the
simulator sorts every machine the C way, as its `ls` does).

The matcher is the two-pointer wildcard algorithm, O(name x pattern) at worst, with no
regular expression engine to backtrack; an expansion stops at MAX_MATCHES names. Which names
a directory holds is the caller's (`Listing`), so this module knows no filesystem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

MAX_MATCHES = 4096  # names one word may expand to; bash has no bound, a simulated shell must
CLASSES: dict[str, Callable[[str], bool]] = {
    "alpha": str.isalpha, "digit": str.isdigit, "alnum": str.isalnum, "upper": str.isupper,
    "lower": str.islower, "space": str.isspace, "blank": lambda c: c in " \t",
    "punct": lambda c: c.isascii() and not c.isalnum() and c.isprintable() and c != " ",
    "xdigit": lambda c: c in "0123456789abcdefABCDEF", "print": str.isprintable,
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127, "graph": lambda c: c.isprintable() and c != " ",
}


class GlobTooLarge(Exception):
    """A word matched more than MAX_MATCHES names."""


class Listing(Protocol):
    def names(self, directory: str) -> list[str] | None:
        """The names in `directory` ("" is the working directory), None when it is no directory."""

    def exists(self, path: str) -> bool: ...


@dataclass(frozen=True)
class CharSet:
    negated: bool
    singles: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    classes: tuple[str, ...]

    def contains(self, char: str) -> bool:
        found = (char in self.singles or any(low <= char <= high for low, high in self.ranges)
                 or any(CLASSES[name](char) for name in self.classes))
        return found != self.negated


STAR = object()  # a compiled pattern is a list of tokens: a character, a CharSet, None for `?`, or STAR


def bracket(pattern: str, start: int) -> tuple[CharSet, int] | None:
    """The bracket expression opening at pattern[start] (`[`), and the index after its `]`; None
    when it never closes, so the `[` is an ordinary character."""
    index = start + 1
    negated = index < len(pattern) and pattern[index] in "!^"
    index += negated
    singles, ranges, classes = set(), [], []
    first = True
    while index < len(pattern):
        char = pattern[index]
        if char == "]" and not first:
            return CharSet(negated, frozenset(singles), tuple(ranges), tuple(classes)), index + 1
        first = False
        if pattern.startswith("[:", index):
            end = pattern.find(":]", index + 2)
            if end > 0 and pattern[index + 2:end] in CLASSES:
                classes.append(pattern[index + 2:end])
                index = end + 2
                continue
        if char == "\\" and index + 1 < len(pattern):
            index += 1
            char = pattern[index]
        if index + 2 < len(pattern) and pattern[index + 1] == "-" and pattern[index + 2] != "]":
            high = pattern[index + 2]
            if high == "\\" and index + 3 < len(pattern):
                high, index = pattern[index + 3], index + 1
            ranges.append((char, high))
            index += 3
            continue
        singles.add(char)
        index += 1
    return None


def compile_pattern(pattern: str) -> list:
    tokens: list = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            if not tokens or tokens[-1] is not STAR:
                tokens.append(STAR)
            index += 1
        elif char == "?":
            tokens.append(None)
            index += 1
        elif char == "[" and (found := bracket(pattern, index)) is not None:
            tokens.append(found[0])
            index = found[1]
        elif char == "\\" and index + 1 < len(pattern):
            tokens.append(pattern[index + 1])
            index += 2
        else:
            tokens.append(char)
            index += 1
    return tokens


def is_pattern(pattern: str) -> bool:
    """Whether the word holds an unescaped `*`, `?` or a closed bracket expression."""
    return any(token is STAR or not isinstance(token, str) for token in compile_pattern(pattern))


def _one(token, char: str) -> bool:
    if token is None:
        return True
    if isinstance(token, CharSet):
        return token.contains(char)
    return token == char


def match(name: str, pattern: str) -> bool:
    """Whether `name` matches the whole pattern; a star backs up to its last position only."""
    tokens = compile_pattern(pattern)
    n_index = t_index = 0
    star_token, star_name = -1, 0
    while n_index < len(name):
        if t_index < len(tokens) and tokens[t_index] is STAR:
            star_token, star_name = t_index, n_index
            t_index += 1
        elif t_index < len(tokens) and _one(tokens[t_index], name[n_index]):
            t_index += 1
            n_index += 1
        elif star_token >= 0:
            star_name += 1
            n_index, t_index = star_name, star_token + 1
        else:
            return False
    while t_index < len(tokens) and tokens[t_index] is STAR:
        t_index += 1
    return t_index == len(tokens)


def unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            index += 1
        out.append(text[index])
        index += 1
    return "".join(out)


def expand(pattern: str, listing: Listing) -> list[str]:
    """The paths `pattern` names, sorted; [] when it matches nothing (the caller keeps the word)."""
    absolute = pattern.startswith("/")
    parts = pattern.lstrip("/").split("/")
    wants_directory = parts[-1] == "" and len(parts) > 1  # `*/`: directories only, printed with the slash
    if wants_directory:
        parts = parts[:-1]
    prefixes, literal_tail = ["/" if absolute else ""], False
    for index, part in enumerate(parts):
        if part == "":
            continue
        if not is_pattern(part):
            prefixes = [prefix + unescape(part) for prefix in prefixes]
            literal_tail = True
        else:
            prefixes = matches_in(prefixes, part, listing)
            literal_tail = False
        if index < len(parts) - 1 or wants_directory:
            prefixes = [prefix + "/" for prefix in prefixes]
    if literal_tail or wants_directory:
        prefixes = [p for p in prefixes if listing.exists(p) and (not wants_directory or listing.names(p) is not None)]
    return sorted(prefixes, key=lambda path: path.encode("utf-8", "surrogateescape"))


def matches_in(prefixes: list[str], part: str, listing: Listing) -> list[str]:
    """Each prefix (a directory) joined with each of its names that `part` matches."""
    shows_dotfiles = unescape(part[:2]).startswith(".")
    found = []
    for prefix in prefixes:
        for name in listing.names(prefix) or []:
            if name in (".", "..") or (name.startswith(".") and not shows_dotfiles) or not match(name, part):
                continue
            found.append(prefix + name)
            if len(found) > MAX_MATCHES:
                raise GlobTooLarge(f"{part}: more than {MAX_MATCHES} matches (the simulator's limit)")
    return found
