"""The meeting pack as PDF, with WeasyPrint. Only our own static files are read: the PDF
renderer never fetches anything from another site, nor from the network at all."""

import mimetypes
from pathlib import Path

from flask import Response, current_app, request


def _static_file(url: str, url_root: str, folder: Path) -> tuple[bytes, str]:
    static_root = url_root + "static/"
    if not url.startswith(static_root):
        raise ValueError(f"the PDF may only use this site's static files, not {url}")
    path = (folder / url.removeprefix(static_root).split("?")[0]).resolve()
    if folder not in path.parents:
        raise ValueError(f"outside the static folder: {url}")
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def make_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only this download needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    url_root, folder = request.url_root, Path(current_app.static_folder).resolve()

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime_type = _static_file(url, url_root, folder)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return HTML(string=html, base_url=url_root, url_fetcher=StaticFilesOnly()).write_pdf()


def pdf_download(pdf: bytes, filename: str) -> Response:
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.pdf"'})
