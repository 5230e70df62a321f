"""The one way the site writes CSV: the directory export and every board download.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula,
so `=HYPERLINK(…)` typed into a listing could act on the computer of whoever opens the file
(CSV injection). Such cells get a leading apostrophe, which spreadsheets show as plain text.
Plain numbers such as -1.5 stay as they are, and reading our own CSV back undoes the quote.
"""

import csv
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?\Z")


def _looks_like_formula(text: str) -> bool:
    # Apostrophes first: a value that already starts with one is quoted again, so that
    # reading back (which drops exactly one) gives the value that was written.
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(bare)


def safe_cell(value):
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def unquoted_cell(value: str) -> str:
    """A cell as it was before `safe_cell`, for imports of our own CSV."""
    if value.startswith("'") and _looks_like_formula(value[1:]):
        return value[1:]
    return value


def write_rows(stream, rows: Iterable[list]) -> None:
    """Write rows (a header row first, if wanted) with every cell made safe."""
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])


def write_records(stream, columns: list[str], records: Iterable[dict]) -> None:
    """A header of `columns`, then one row per dict (missing keys left empty)."""
    write_rows(stream, [columns])
    write_rows(stream, ([record.get(name, "") for name in columns] for record in records))
