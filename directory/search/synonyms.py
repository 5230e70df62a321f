"""Everyday words people type, mapped to the words listings and pathways use.

The mapping lives in a data file (`synonyms.yaml` beside this module, or the file named by
the SEARCH_SYNONYMS_FILE setting) so it can be changed without touching code.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from directory.search.schema import ANALYZER

DEFAULT_FILE = Path(__file__).resolve().parent / "synonyms.yaml"


def stems(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in ANALYZER(text))


@dataclass
class Synonyms:
    # Stemmed phrase people type -> the phrases listings use, as typed in the file.
    expansions: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    # Stems of words that say nothing about the help wanted ("help", "need").
    filler: frozenset[str] = frozenset()
    # Everyday single words, unstemmed, to correct misspellings against ("boose" -> "booze").
    vocabulary: frozenset[str] = frozenset()
    # Every word in the file, unstemmed (the search log keeps these).
    words: frozenset[str] = frozenset()

    @property
    def longest(self) -> int:
        """The most words in a phrase of the file."""
        if "_longest" not in self.__dict__:
            self.__dict__["_longest"] = max((len(key) for key in self.expansions), default=1)
        return self.__dict__["_longest"]

    def lookup(self, key: tuple[str, ...]) -> list[str]:
        return self.expansions.get(key, [])

    def spellings(self, first_letter: str) -> list[str]:
        """Vocabulary words starting with this letter (misspellings rarely change it)."""
        by_letter = self.__dict__.get("_by_letter")
        if by_letter is None:
            by_letter = self.__dict__["_by_letter"] = {}
            for word in sorted(self.vocabulary):
                by_letter.setdefault(word[:1], []).append(word)
        return by_letter.get(first_letter, [])


def parse(data: dict) -> Synonyms:
    expansions: dict[tuple[str, ...], list[str]] = {}
    vocabulary = set()
    for listing_words, everyday_words in (data.get("synonyms") or {}).items():
        for phrase in [listing_words, *(everyday_words or [])]:
            phrase = str(phrase).lower()
            key = stems(phrase)
            if not key:
                continue
            targets = expansions.setdefault(key, [])
            if str(listing_words).lower() not in targets and key != stems(str(listing_words)):
                targets.append(str(listing_words).lower())
            if " " not in phrase:
                vocabulary.add(phrase)
    filler = frozenset(s for word in data.get("filler") or [] for s in stems(str(word)))
    words = {w for phrase in (data.get("synonyms") or {}).items()
             for text in [phrase[0], *(phrase[1] or [])] for w in str(text).lower().split()}
    words.update(str(w).lower() for w in data.get("filler") or [])
    return Synonyms(expansions, filler, frozenset(vocabulary), frozenset(words))


def load(path: str | Path | None = None) -> Synonyms:
    return parse(yaml.safe_load(Path(path or DEFAULT_FILE).read_text(encoding="utf-8")) or {})
