"""The HSDS tabular package: one CSV file per table (services.csv, organizations.csv,
locations.csv, service_at_location.csv, addresses.csv, phones.csv, schedules.csv, …), in a zip
file or given as several files. Rows are joined by their ids into the nested HSDS service
objects `reading.read_service` checks, so a package is checked like any JSON file.
"""

import csv
import io
import zipfile
from collections import defaultdict
from pathlib import Path, PurePath

from directory.interop.reading import Problem
from directory.interop.shapes import FileContents, label_for
from directory.setup.input_hygiene import without_nul

# Table name -> the names its file may have (the UK profile's examples use both).
TABLES = {
    "services": ("services",), "organizations": ("organizations", "organization"),
    "locations": ("locations", "location"),
    "service_at_locations": ("service_at_location", "service_at_locations"),
    "addresses": ("addresses", "address", "physical_addresses"),
    "phones": ("phones", "phone"), "schedules": ("schedules", "schedule"),
    "contacts": ("contacts", "contact"), "cost_options": ("cost_options",),
    "required_documents": ("required_documents",), "funding": ("funding",),
    "languages": ("languages", "language"), "service_areas": ("service_areas",),
    "attributes": ("attributes", "attribute"), "taxonomy_terms": ("taxonomy_terms",),
    "taxonomies": ("taxonomies", "taxonomy"),
}
LARGEST_PACKAGE = 200 * 1024 * 1024  # unpacked: a zip bomb is refused, not unpacked


def zipped_folder(folder: Path) -> bytes:
    """A folder of the package's CSV files, as the zip file `read_package` reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, path.name)
    return buffer.getvalue()


def is_package(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_package(data: bytes, problems: list[Problem]) -> FileContents | None:
    """A zip file of the package's CSV files."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
        if sum(member.file_size for member in members) > LARGEST_PACKAGE:
            problems.append(Problem("file", "size", "unpacks to more than 200 MB; import it "
                                    "with `flask import` from the unpacked folder"))
            return None
        files = {PurePath(m.filename).name: archive.read(m) for m in members}
    except (zipfile.BadZipFile, OSError) as error:
        problems.append(Problem("file", "zip", f"cannot be opened ({error})"))
        return None
    return read_files(files, problems)


def read_files(files: dict[str, bytes], problems: list[Problem]) -> FileContents | None:
    """The package given as {file name: contents}."""
    tables = {}
    for table, names in TABLES.items():
        name = next((f"{n}.csv" for n in names if f"{n}.csv" in files), None)
        tables[table] = _rows(name, files[name], problems) if name else []
    if "services.csv" not in files:
        problems.append(Problem("file", "services.csv", "is missing: the tabular package "
                                "needs services.csv, with organizations.csv and the others "
                                "it uses"))
        return None
    return FileContents.of_services("services (HSDS tabular package)", _services(tables))


def _rows(name: str, data: bytes, problems: list[Problem]) -> list[dict]:
    try:
        text = without_nul(data.decode("utf-8-sig"))
        return [{key: value.strip() for key, value in row.items() if key and value
                 and value.strip()}
                for row in csv.DictReader(io.StringIO(text))]
    except (UnicodeDecodeError, csv.Error) as error:
        problems.append(Problem(name, "file", f"cannot be read as UTF-8 CSV ({error})"))
        return []


def _by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def _services(tables: dict[str, list[dict]]) -> list[tuple[str, dict]]:
    organisations = {row["id"]: row for row in tables["organizations"] if row.get("id")}
    locations = {row["id"]: {**row, "addresses": []} for row in tables["locations"]
                 if row.get("id")}
    for address in tables["addresses"]:
        if address.get("location_id") in locations:
            locations[address["location_id"]]["addresses"].append(address)
    terms = {row["id"]: row for row in tables["taxonomy_terms"] if row.get("id")}
    links = _by(tables["service_at_locations"], "service_id")
    schedules = {key: _by(tables["schedules"], key)
                 for key in ("service_id", "location_id", "service_at_location_id")}
    per_service = {name: _by(tables[name], "service_id")
                   for name in ("phones", "contacts", "cost_options", "required_documents",
                                "funding", "languages", "service_areas")}
    attributes = _by(tables["attributes"], "link_id")
    services = []
    for index, row in enumerate(tables["services"], start=1):
        service_id = row.get("id", "")
        service = {**row, **{name: rows.get(service_id, []) for name, rows in
                             per_service.items()}}
        if row.get("organization_id") in organisations:
            service["organization"] = organisations[row["organization_id"]]
        service["schedules"] = [s for s in schedules["service_id"].get(service_id, [])
                                if not (s.get("location_id") or s.get("service_at_location_id"))]
        service["service_at_locations"] = [
            {**link, "location": locations.get(link.get("location_id")),
             "schedules": (schedules["service_at_location_id"].get(link.get("id"))
                           or schedules["location_id"].get(link.get("location_id"), []))}
            for link in links.get(service_id, [])]
        service["attributes"] = [
            {**attribute, "taxonomy_term": terms.get(attribute.get("taxonomy_term_id"), {})}
            for attribute in attributes.get(service_id, [])]
        services.append((label_for("services.csv row", index + 1, row), service))
    return services
