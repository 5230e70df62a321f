"""Every board table can be downloaded as CSV, for members' own spreadsheets."""

import csv
import io

from flask import Response, request

# Cells starting with these are run as formulas by spreadsheets: quote them (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_csv() -> bool:
    return request.args.get("format") == "csv"


def safe_cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: list[list], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
