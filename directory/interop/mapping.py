"""Which of our taxonomy terms a term from another directory means.

Terms from our own taxonomies (an export of this directory) match by id, slug or name. Terms
from other vocabularies go through mapping files the board can edit, in
`seed/import_mappings/*.yaml`:

    taxonomies:
      Service category:                       # the other directory's taxonomy name
        "Accommodation": [pathway:accommodation]
        "Finance, Benefit and Debt (*)": [pathway:finance-benefits-debt]   # * matches anything
        "Mentoring": []                       # known, and adds nothing
    service_areas:
      Norfolk: [area:county-wide]

Anything left unknown is reported after the import, never silently dropped.
"""

from collections import defaultdict
from fnmatch import fnmatchcase
from pathlib import Path

import yaml
from sqlalchemy import select

from directory.extensions import db
from directory.interop.oruk import EXPOSED_TAXONOMIES, taxonomy_id
from directory.interop.reading import Problem, ServiceRecord
from directory.models import TAXONOMIES

MAPPINGS_DIR = Path(__file__).resolve().parent.parent.parent / "seed" / "import_mappings"


def _key(text: str) -> str:
    return " ".join((text or "").lower().split())


class TermResolver:
    def __init__(self, rules: dict, area_rules: dict):
        self.terms = {key: list(db.session.scalars(select(model)))
                      for key, (model, _table, _attr) in TAXONOMIES.items()}
        self.rules = rules  # taxonomy name -> [(pattern, [(key, slug)])]
        self.area_rules = area_rules  # area name pattern -> [(key, slug)]
        self.unknown_terms: dict[tuple[str, str], int] = defaultdict(int)
        self.kept_areas: dict[str, int] = defaultdict(int)
        self.mapping_notes: list[str] = []

    @classmethod
    def load(cls, extra_files: list[Path], problems: list[Problem]) -> "TermResolver":
        """Mistakes in a mapping file named for this import stop it; mistakes in the shared
        folder's files only become notes, so one stale line cannot block every import."""
        rules: dict = defaultdict(list)
        area_rules: dict = {}
        files = sorted(MAPPINGS_DIR.glob("*.yaml")) if MAPPINGS_DIR.is_dir() else []
        resolver = cls({}, {})
        for path in [*files, *extra_files]:
            label = f"mapping file {path.name}"
            if path not in extra_files:
                label = f"shared {label}"
            found: list[Problem] = []
            resolver._read_file(Path(path), label, rules, area_rules, found)
            if path in extra_files:
                problems.extend(found)
            else:
                resolver.mapping_notes += [f"{problem} (this line was not used)."
                                           for problem in found]
        resolver.rules, resolver.area_rules = dict(rules), area_rules
        return resolver

    def _read_file(self, path: Path, label: str, rules: dict, area_rules: dict,
                   problems: list[Problem]) -> None:
        try:
            data = yaml.safe_load(path.read_text()) or {}
        except (OSError, yaml.YAMLError) as error:
            problems.append(Problem(label, "file", f"cannot be read: {error}"))
            return
        if not isinstance(data, dict):
            problems.append(Problem(label, "file", "should hold taxonomies: and service_areas:"))
            return
        for taxonomy, terms in (data.get("taxonomies") or {}).items():
            for pattern, targets in (terms or {}).items():
                rules[_key(taxonomy)].append(
                    (_key(pattern), self._targets(targets, label, pattern, problems)))
        for pattern, targets in (data.get("service_areas") or {}).items():
            area_rules[_key(pattern)] = self._targets(targets, label, pattern, problems)

    def _targets(self, targets, label: str, pattern: str, problems: list[Problem]) -> list:
        found = []
        for target in targets or []:
            key, _, slug = str(target).partition(":")
            term = self._by_slug(key.strip(), slug.strip())
            if term is None:
                problems.append(Problem(label, pattern, f"{target!r} is not one of our terms "
                                        "(write it as pathway:slug, client_group:slug, "
                                        "stage:slug or area:slug)"))
            else:
                found.append((key.strip(), term))
        return found

    def _by_slug(self, key: str, slug: str):
        return next((t for t in self.terms.get(key, []) if t.slug == slug), None)

    def _ours(self, key: str, term_id: str, code: str, name: str):
        for term in self.terms[key]:
            if str(term.id) == term_id or term.slug == code or _key(term.name) == _key(name):
                return term
        return None

    def _our_taxonomy(self, taxonomy: str) -> str | None:
        for key in TAXONOMIES:
            if taxonomy in (key, taxonomy_id(key) if key in EXPOSED_TAXONOMIES else None):
                return key
        return None

    def terms_for(self, record: ServiceRecord) -> dict[str, list]:
        wanted: dict[str, list] = defaultdict(list)
        for ref in record.terms:
            for key, term in self._resolve(ref):
                if term not in wanted[key]:
                    wanted[key].append(term)
        for name in record.area_names:
            for key, term in self._area(name) or []:
                if term not in wanted[key]:
                    wanted[key].append(term)
        return wanted

    def _resolve(self, ref) -> list:
        key = self._our_taxonomy(ref.taxonomy)
        if key:
            term = self._ours(key, ref.term_id, ref.code, ref.name)
            if term is not None:
                return [(key, term)]
        for pattern, targets in self.rules.get(_key(ref.taxonomy), []):
            if fnmatchcase(_key(ref.name or ref.code), pattern):
                return targets
        self.unknown_terms[(ref.taxonomy or "no taxonomy", ref.name or ref.code)] += 1
        return []

    def _area(self, name: str) -> list | None:
        area = self._ours("area", "", name, name)
        if area is not None:
            return [("area", area)]
        for pattern, targets in self.area_rules.items():
            if fnmatchcase(_key(name), pattern):
                return targets
        return None

    def unmatched_areas(self, record: ServiceRecord) -> list[str]:
        """Service areas that are not ours and not mapped: kept as named places."""
        names = [name for name in record.area_names if name and self._area(name) is None]
        for name in names:
            self.kept_areas[name] += 1
        return names

    def notes(self) -> list[str]:
        notes = list(self.mapping_notes)
        notes += [
            f"Unknown term {name!r} in taxonomy {taxonomy!r} on {count} service(s): not "
            "used. Map it to our terms in seed/import_mappings/ to use it."
            for (taxonomy, name), count in sorted(self.unknown_terms.items())
        ]
        if self.kept_areas:
            notes.append(f"{len(self.kept_areas)} service area(s) are not our areas, so each was "
                         "kept as a named place on its services: "
                         + ", ".join(sorted(self.kept_areas)) + ".")
        return notes
