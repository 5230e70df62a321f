"""What a file given to an import holds: its format (JSON, ORUK v1 or our CSV, or the HSDS
tabular package) found, its text decoded and parsed, and its records laid out for reading
(`shapes.FileContents`). Every problem is named, in plain words, in `errors`."""

import json

from directory.interop import csv_format, shapes, tabular
from directory.interop.reading import Problem
from directory.setup.input_hygiene import without_nul


def read(data: bytes, filename: str, file_format: str | None, errors: list[Problem],
         notes: list[str]) -> shapes.FileContents | None:
    """What the file holds, or None when it cannot be read (the problem is in `errors`)."""
    if tabular.is_package(data):
        return tabular.read_package(data, errors)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        errors.append(Problem("file", f"byte {error.start}",
                              "is not UTF-8 text; save the file as UTF-8 JSON or CSV"))
        return None
    text = without_nul(text)  # as the forms do
    file_format = file_format or _guess_format(text, filename)
    if file_format == "csv":
        return shapes.FileContents.of_services("services (our CSV)",
                                               csv_format.read_csv(text, errors))
    return json_contents(text, file_format, errors, notes)


def _guess_format(text: str, filename: str) -> str:
    if filename.lower().endswith(".csv"):
        return "csv"
    if text.lstrip()[:1] in ("{", "["):
        return "json"
    return "csv"


def json_contents(text: str, file_format: str, errors: list[Problem], notes: list[str]
                  ) -> shapes.FileContents | None:
    """A JSON file's contents: a list or page of records, or the older ORUK v1 pages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        errors.append(Problem(
            "file", f"line {error.lineno} column {error.colno}",
            f"is not valid JSON ({error.msg}); the file may be cut short or not JSON at all"))
        return None
    except RecursionError:
        errors.append(Problem(
            "file", "nesting", "has lists or objects inside each other too many levels deep to "
            "be an Open Referral file; check it is the file you meant to import"))
        return None
    if isinstance(data, dict) and ("content" in data or file_format == "oruk-v1"):
        return shapes.oruk_v1_contents(data, errors, notes)
    if isinstance(data, dict) and "contents" in data:
        _note_other_pages(data, notes)
        data = data["contents"]
    elif isinstance(data, dict) and "id" in data:
        data = [data]
    if not isinstance(data, list):
        errors.append(Problem(
            "file", "top level", "should be a list of services, organizations or "
            "service_at_locations, or a page of them ({\"contents\": [...]})"))
        return None
    return shapes.contents_of(data, errors)


def _note_other_pages(page: dict, notes: list[str]) -> None:
    pages = page.get("total_pages")
    if isinstance(pages, int) and pages > 1:
        notes.append(f"This file is page {page.get('page_number', '?')} of {pages}: "
                     "import the other pages too, or follow the directory as a feed.")
