"""The gradebook page's view of the book: rows filtered and sorted as the instructor
asked in the query string (`q`, `show`, `column`, `sort`, `order`). Pure: it reorders
the rows `gradebook_build` made, so the query count stays pinned whatever is asked."""

from dataclasses import dataclass

from kubegrade.gradebook.selectors import Gradebook, Row

SHOW_CHOICES = ("all", "missing", "late", "extended", "overridden", "left")


@dataclass(frozen=True)
class TableQuery:
    q: str = ""
    show: str = "all"
    column: int | None = None  # a course assignment id: `show` and a score sort look at it
    sort: str = "name"  # "name", "total", or "score" (of `column`)
    descending: bool = False

    @classmethod
    def from_params(cls, params, column_ids: list[int]) -> "TableQuery":
        try:
            column = int(params.get("column", ""))
        except ValueError:
            column = None
        sort = params.get("sort", "name")
        return cls(q=params.get("q", "").strip(), show=params.get("show", "all") if params.get(
            "show") in SHOW_CHOICES else "all", column=column if column in column_ids else None,
            sort=sort if sort in ("name", "total", "score") else "name", descending=params.get("order") == "desc")


def _matches(row: Row, indexes: list[int], show: str) -> bool:
    cells = [row.cells[i] for i in indexes]
    if show == "missing":
        return any(c.attempts == 0 and not c.overridden for c in cells)
    if show == "late":
        return any(c.late_days > 0 for c in cells)
    if show == "extended":
        return any(c.extended for c in cells)
    if show == "overridden":
        return any(c.overridden for c in cells)
    if show == "left":
        return row.left
    return True


def table_rows(book: Gradebook, query: TableQuery) -> list[Row]:
    ids = [ca.pk for ca in book.columns]
    indexes = [ids.index(query.column)] if query.column in ids else list(range(len(ids)))
    needle = query.q.lower()
    rows = [r for r in book.rows if (not needle or needle in r.username.lower() or needle in r.name.lower())
            and _matches(r, indexes, query.show)]
    if query.sort == "total":
        key = lambda r: (r.total, r.username)  # noqa: E731
    elif query.sort == "score" and query.column in ids:
        i = ids.index(query.column)
        # no score sorts below zero, so "missing" gathers at one end
        key = lambda r: (-1.0 if r.cells[i].score is None else r.cells[i].score, r.username)  # noqa: E731
    else:
        key = lambda r: r.username  # noqa: E731
    return sorted(rows, key=key, reverse=query.descending)
