"""What a command printed, made safe to keep and to show again: bounded like a terminal's
scrollback, and inert.

`scrollback` keeps the last `limit` characters of one command's output (from a line start)
with a first line saying how much was cut, as a terminal keeps the end of what scrolled by.
`inert` keeps colours and text attributes (SGR, `ESC [ ... m`) and drops every other escape
sequence: OSC (hyperlinks `ESC ] 8 ; ; url`, window titles, clipboard writes), cursor
movement and erasing (`ESC [ A`, `ESC [ 2 J`, ...), other ESC sequences, and the C0 controls
that move the cursor (carriage return, backspace) or ring the bell. So what a student printed
cannot draw a fake link or erase earlier lines in the staff's read-only terminal, nor in the
owner's when the history is replayed. Tabs and newlines stay.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

SGR = re.compile(r"\x1b\[[0-9;:]*m")
# OSC ends at BEL or ST (ESC \); an unterminated one runs to the end of the text.
OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)")
# DCS, SOS, PM and APC strings, terminated like OSC
STRING_SEQUENCE = re.compile(r"\x1b[PX^_][^\x1b]*(?:\x1b\\|$)")
CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
OTHER_ESCAPE = re.compile(r"\x1b[ -/]*[0-~]?")
C1_CSI = re.compile(r"\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*(?:\x07|\x9c|$)")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
NOTE_ROOM = 256  # the note's own length: text already cut is not cut again when read back
PLACEHOLDER = "\ufff0{}\ufff1"
PLACEHOLDER_RE = re.compile("\ufff0(\\d+)\ufff1")


def inert(text: str) -> str:
    """`text` with colours kept and every other terminal control removed."""
    if not text or ("\x1b" not in text and not CONTROLS.search(text)):
        return text
    text = text.replace("\r\n", "\n")
    colours: list[str] = []

    def keep(match: re.Match) -> str:
        colours.append(match.group(0))
        return PLACEHOLDER.format(len(colours) - 1)

    text = text.replace("\ufff0", "").replace("\ufff1", "")
    text = SGR.sub(keep, text)
    for pattern in (OSC, STRING_SEQUENCE, CSI, C1_CSI, OTHER_ESCAPE, CONTROLS):
        text = pattern.sub("", text)
    return PLACEHOLDER_RE.sub(lambda m: colours[int(m.group(1))], text)


def scrollback(text: str, limit: int) -> str:
    """The last `limit` characters of `text` (from the start of a line where one is near),
    after a line saying how many characters were cut; `text` itself when it fits (with room
    for that line, so stored output read back is returned as stored)."""
    if limit <= 0 or len(text) <= limit + NOTE_ROOM:
        return text
    kept = text[-limit:]
    newline = kept.find("\n")
    if 0 <= newline < limit // 2:
        kept = kept[newline + 1:]
    cut = len(text) - len(kept)
    note = _("[%(cut)s characters of output cut: the terminal keeps the last %(limit)s]") % {
        "cut": f"{cut:,}", "limit": f"{limit:,}"}
    return f"{note}\n{kept}"


def for_terminal(text: str, limit: int) -> str:
    """What is stored and shown of one command's output: bounded, then made inert."""
    return inert(scrollback(text, limit))
