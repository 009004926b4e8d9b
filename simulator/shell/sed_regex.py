"""sed's regular expressions: grep's translation of GNU BRE/ERE to RE2 (`gnu_regex`), with
`\\(...\\)` (ERE `(...)`) kept as capturing groups for `\\1` in a replacement, and `^` an anchor
only where GNU's BRE takes it as one."""

from __future__ import annotations

import re2

from simulator.shell.gnu_regex import Translator, compile_pattern


class CapturingTranslator(Translator):
    """grep's translation with `\\(...\\)` (ERE `(...)`) kept as groups, for `\\1` in a replacement."""

    def open_group(self) -> None:
        self.groups_open += 1
        self.group_starts.append(len(self.out))
        self.emit("(", atom=False)

    def anchor_start(self) -> None:
        if self.extended or not self.out or self.out[-1] in ("(?:", "(", "|"):
            self.emit("^", atom=False)
        else:
            self.emit(r"\^", atom=True)


def compile_capturing(pattern: str, extended: bool, ignore_case: bool = False):
    """The pattern on RE2, GNU's refusals first (`PatternError` with regcomp's text)."""
    checked = compile_pattern(pattern, extended=extended, ignore_case=ignore_case)
    return re2.compile(CapturingTranslator(pattern, extended).translate(), checked.compiled.options)
