"""Every board table can be downloaded as CSV, for members' own spreadsheets."""

import io

from flask import Response, request

from directory.listings.csv_output import write_rows


def wants_csv() -> bool:
    return request.args.get("format") == "csv"


def csv_response(rows: list[list], filename: str) -> Response:
    buffer = io.StringIO()
    write_rows(buffer, rows)
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
