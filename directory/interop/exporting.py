"""The whole published directory as Open Referral UK JSON or as our CSV.

Both use the same shapes as the API (`oruk`, `csv_format`), so an export imports back as the
same directory, and a refuge's address is never in it. Unlike the public API, an export also
carries funding, for the board: downloads need a signed-in member.
"""

import io
import json
from contextlib import nullcontext

from flask import current_app, has_request_context

from directory.interop import csv_format, oruk
from directory.interop.queries import all_published_services

FORMATS = {"json": "application/json", "csv": "text/csv"}


def export_text(file_format: str) -> str:
    # Service URLs fall back to our own pages, which needs a request to build them.
    context = nullcontext() if has_request_context() else current_app.test_request_context()
    with context:
        services = all_published_services()
        if file_format == "csv":
            stream = io.StringIO()
            csv_format.write_csv(services, stream)
            return stream.getvalue()
        contents = [oruk.service_json(service, with_funding=True) for service in services]
        page = oruk.page_json(contents, len(contents), 1, max(1, len(contents)))
        return json.dumps(page, ensure_ascii=False, indent=1)


def filename_for(file_format: str) -> str:
    return f"rehabilitation-pathways.{'oruk.json' if file_format == 'json' else 'csv'}"
