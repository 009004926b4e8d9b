"""CSV cells that a spreadsheet would run as a formula, made inert (OWASP's rule).

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel,
LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)` in a student's name or an
override reason); a leading `'` makes it text. A plain number such as `-2.50` is no
formula and keeps its sign, so scores and penalties stay numbers.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise_formula(cell: object) -> object:
    if not isinstance(cell, str) or not cell.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(cell):
        return cell
    return "'" + cell
