"""A port of Go's text/tabwriter as kubectl drives it (github.com/liggitt/tabwriter).

Text is cut into cells at tabs and newlines. Tab-terminated cells in contiguous lines
form a column, padded to its widest cell plus `padding` (at least `minwidth`); the
last cell of a line belongs to no column and is never padded. A line with no tab
flushes the writer, so it breaks every column block: this is what makes `kubectl
describe` align each section on its own.

Covered: padchar ' ', the RememberWidths flag (column widths survive a flush, as
`kubectl get` sets it). Not ported, since kubectl uses none of them: tab padding,
AlignRight, DiscardEmptyColumns, Debug, HTML filtering and Escape sequences.
"""

from __future__ import annotations

from dataclasses import dataclass

GET_SETTINGS = {"minwidth": 6, "tabwidth": 4, "padding": 3}  # cli-runtime printers.GetNewTabWriter
DESCRIBE_SETTINGS = {"minwidth": 0, "tabwidth": 8, "padding": 2}  # kubectl describe tabbedString


@dataclass
class _Cell:
    text: str = ""
    htab: bool = False  # terminated by '\t' (a column cell) rather than a line break

    @property
    def width(self) -> int:
        return len(self.text)  # Go counts runes, as Python counts code points


class TabWriter:
    """Streams text in, aligned text out; call `flush` when done, read `output`."""

    def __init__(self, minwidth: int, tabwidth: int, padding: int, *, remember_widths: bool = False) -> None:
        if minwidth < 0 or tabwidth < 0 or padding < 0:
            raise ValueError("negative minwidth, tabwidth, or padding")
        self.minwidth, self.tabwidth, self.padding = minwidth, tabwidth, padding
        self.remember_widths = remember_widths
        self.max_widths: list[int] = []
        self._out: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self._cell = _Cell()
        self._lines: list[list[_Cell]] = [[]]
        self._widths: list[int] = []

    @property
    def output(self) -> str:
        return "".join(self._out)

    def write(self, text: str) -> None:
        start = 0
        for index, char in enumerate(text):
            if char not in "\t\v\n\f":
                continue
            self._cell.text += text[start:index]
            start = index + 1
            cells_in_line = self._terminate_cell(char == "\t")
            if char in "\n\f":
                self._lines.append([])
                # A line of one cell cannot shape later lines, so Go flushes right away.
                if char == "\f" or cells_in_line == 1:
                    self.flush()
        self._cell.text += text[start:]

    def flush(self) -> None:
        if self._cell.text:
            self._terminate_cell(False)
        self._format(0, len(self._lines))
        self._reset()

    def _terminate_cell(self, htab: bool) -> int:
        self._cell.htab = htab
        line = self._lines[-1]
        line.append(self._cell)
        self._cell = _Cell()
        return len(line)

    def _format(self, line0: int, line1: int) -> None:
        column = len(self._widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            # This line has a cell in `column`: print what came before, then size the block.
            self._write_lines(line0, this)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(self._lines[this]) - 1:
                width = max(width, self._lines[this][column].width + self.padding)
                this += 1
            width = self._remembered(width)
            self._widths.append(width)
            self._format(line0, this)
            self._widths.pop()
            line0 = this
            this += 1  # Go's loop post-statement; the skipped line has no cell in `column`
        self._write_lines(line0, line1)

    def _remembered(self, width: int) -> int:
        if not self.remember_widths:
            return width
        index = len(self._widths)
        if len(self.max_widths) < index:
            self.max_widths.extend(self._widths[len(self.max_widths):])
        if len(self.max_widths) == index:
            self.max_widths.append(width)
        elif self.max_widths[index] > width:
            width = self.max_widths[index]
        else:
            self.max_widths[index] = width
        return width

    def _write_lines(self, line0: int, line1: int) -> None:
        for index in range(line0, line1):
            for column, cell in enumerate(self._lines[index]):
                self._out.append(cell.text)
                if column < len(self._widths):
                    self._out.append(" " * (self._widths[column] - cell.width))
            if index + 1 < len(self._lines):
                self._out.append("\n")
            else:
                self._out.append(self._cell.text)


def render(text: str, minwidth: int, tabwidth: int, padding: int, *, remember_widths: bool = False) -> str:
    """Align tab-separated `text` exactly as a Go tabwriter with these settings would."""
    writer = TabWriter(minwidth, tabwidth, padding, remember_widths=remember_widths)
    writer.write(text)
    writer.flush()
    return writer.output


def render_rows(rows: list[list[str]]) -> str:
    """A `kubectl get` table: one line per row, cells joined by tabs, kubectl's settings."""
    if _is_plain_grid(rows):
        return _render_grid(rows)
    text = "".join("\t".join(row) + "\n" for row in rows)
    return render(text, **GET_SETTINGS, remember_widths=True)


def _is_plain_grid(rows: list[list[str]]) -> bool:
    """Every row has the same cells and none holds a tab or newline: one column block per column."""
    width = len(rows[0]) if rows else 0
    return bool(rows) and all(len(row) == width and not any("\t" in c or "\n" in c for c in row) for row in rows)


def _render_grid(rows: list[list[str]]) -> str:
    """The tabwriter's result for a plain grid, computed directly: each column as wide as its
    widest cell plus the padding (at least minwidth), the last column unpadded."""
    minwidth, padding = GET_SETTINGS["minwidth"], GET_SETTINGS["padding"]
    widths = [max(minwidth, max(len(row[i]) for row in rows) + padding) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        lines.append("".join(cells) + row[-1] + "\n")
    return "".join(lines)


def render_describe(text: str) -> str:
    """A `kubectl describe` body, written with tabs after each label."""
    return render(text, **DESCRIBE_SETTINGS)
