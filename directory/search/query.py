"""Build a Whoosh query from whatever a person typed.

Text is never given to Whoosh's query parser: it is cut into words, and the query is built
from those words, so quotes, brackets, AND/OR, "*" and the like are only ever words or
nothing. Each word matches in every field (weighted by field), through the synonyms file,
and, when the word is unknown, through its nearest known spellings (one or two edits),
which count for less than exact matches.
"""

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from directory.search.schema import ANALYZER, FIELD_BOOSTS, plain_analyzer
from directory.search.synonyms import Synonyms, stems

MAX_TEXT = 2000
MAX_WORDS = 16
# Synonyms count for more when the word itself is found nowhere ("booze") than when it is
# ("methadone": services that say "methadone" beat those that only say "drugs").
SYNONYM_WEIGHT = 0.6
KNOWN_WORD_SYNONYM_WEIGHT = 0.25
CORRECTION_WEIGHT = 0.35
PAIR_WEIGHT = 1.0
PHRASE_FIELDS = ("name", "pathway", "keywords", "audience")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
PLAIN = plain_analyzer()


@dataclass
class Word:
    stem: str
    typed: str


@dataclass
class BuiltQuery:
    query: wq.Query | None
    # Stems to mark in snippets: typed words, their synonyms and their corrections.
    highlight: set[str] = field(default_factory=set)
    # The text with misspelt words corrected, when any were.
    suggestion: str | None = None


def clean(text: str | None) -> str:
    return CONTROL_CHARACTERS.sub(" ", (text or "")[:MAX_TEXT]).strip()


def words_of(text: str) -> list[Word]:
    words = []
    for token in ANALYZER(text, chars=True):
        words.append(Word(token.text, text[token.startchar:token.endchar].lower()))
        if len(words) == MAX_WORDS:
            break
    return words


def max_edits(word: str) -> int:
    """Short words have many near neighbours: allow fewer edits for them."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2


def match(phrase: str, weight: float, highlight: set[str],
          fields: tuple[str, ...] = tuple(FIELD_BOOSTS)) -> wq.Query | None:
    """A word or phrase in the searched fields, each field weighted by its importance."""
    tokens = list(stems(phrase))
    if not tokens:
        return None
    highlight.update(tokens)
    if len(tokens) == 1:
        return wq.Or([wq.Term(f, tokens[0], boost=FIELD_BOOSTS[f] * weight) for f in fields])
    return all_in_one_field(tokens, weight)


def all_in_one_field(tokens: list[str], weight: float) -> wq.Query:
    """Several words together in one short field (name, pathway, keywords, who it is for).
    Cheaper than phrase positions, and in short fields almost always the same thing."""
    return wq.Or([
        wq.And([wq.Term(f, token) for token in tokens], boost=FIELD_BOOSTS[f] * weight)
        for f in PHRASE_FIELDS
    ])


class QueryBuilder:
    def __init__(self, reader, synonyms: Synonyms):
        self.reader = reader
        self.synonyms = synonyms

    def build(self, text: str) -> BuiltQuery:
        words = words_of(clean(text))
        meaningful = [w for w in words if w.stem not in self.synonyms.filler]
        words = meaningful or words
        if not words:
            return BuiltQuery(None)
        built = BuiltQuery(None)
        clauses = self._phrase_clauses(words, built.highlight)
        clauses += adjacent_pairs(words)
        corrected = []
        for word in words:
            alternatives = [match(word.typed, 1.0, built.highlight)]
            weight = (KNOWN_WORD_SYNONYM_WEIGHT if self.in_index(word) else SYNONYM_WEIGHT)
            alternatives += self._synonym_matches((word.stem,), weight, built.highlight)
            correction = self.correction(word)
            if correction:
                alternatives.append(match(correction, CORRECTION_WEIGHT, built.highlight))
                alternatives += self._synonym_matches(
                    stems(correction), CORRECTION_WEIGHT, built.highlight)
            corrected.append(correction or word.typed)
            clauses.append(wq.Or([a for a in alternatives if a is not None]))
        built.query = wq.Or(clauses) if len(clauses) > 1 else clauses[0]
        if corrected != [w.typed for w in words]:
            built.suggestion = " ".join(corrected)
        return built

    def suggest(self, text: str) -> str | None:
        """Other spellings worth offering when a search found little."""
        words = words_of(clean(text))
        corrected = [self.correction(w, rare_known=True) or w.typed for w in words]
        return " ".join(corrected) if corrected != [w.typed for w in words] else None

    def _synonym_matches(self, key: tuple[str, ...], weight: float, highlight: set[str]):
        """Synonyms are looked for in the short fields only: they name the kind of help
        (pathways, keywords), and long descriptions would cost much and add little."""
        return [match(phrase, weight, highlight, PHRASE_FIELDS)
                for phrase in self.synonyms.lookup(key)]

    def _phrase_clauses(self, words: list[Word], highlight: set[str]) -> list[wq.Query]:
        """Everyday phrases of several words ("universal credit") as one more clause."""
        clauses = []
        stems_in_order = [w.stem for w in words]
        for size in range(min(self.synonyms.longest, len(words)), 1, -1):
            for start in range(len(words) - size + 1):
                key = tuple(stems_in_order[start:start + size])
                matches = self._synonym_matches(key, SYNONYM_WEIGHT * 2, highlight)
                clauses += [m for m in matches if m is not None]
        return clauses

    def in_index(self, word: Word) -> bool:
        return self.reader.doc_frequency("spelling", word.typed) > 0

    def is_known(self, word: Word) -> bool:
        return (
            self.in_index(word)
            or bool(self.synonyms.lookup((word.stem,)))
            or word.typed in self.synonyms.vocabulary
            or not word.typed.isalpha()
        )

    def correction(self, word: Word, rare_known: bool = False) -> str | None:
        """The likeliest word meant, if the word typed is found nowhere (or, with
        `rare_known`, if a near word is found more often: "hostle" is a word somewhere)."""
        edits = max_edits(word.typed)
        if edits == 0 or (self.is_known(word) and not rare_known):
            return None
        frequency = self.reader.doc_frequency("spelling", word.typed)
        candidates = [
            (distance(word.typed, known), -self.reader.doc_frequency("spelling", known), known)
            for known in self.reader.terms_within("spelling", word.typed, edits, prefix=1)
            if known != word.typed
            and self.reader.doc_frequency("spelling", known) > frequency
        ]
        candidates += [
            (distance(word.typed, known), -1000, known)
            for known in self.synonyms.vocabulary
            if known[:1] == word.typed[:1] and abs(len(known) - len(word.typed)) <= edits
            and distance(word.typed, known) <= edits
        ]
        return min(candidates)[2] if candidates else None


def adjacent_pairs(words: list[Word]) -> list[wq.Query]:
    """Words typed together count for more when they are together in a short field:
    "bank account" is about bank accounts before it is about food banks."""
    return [
        all_in_one_field([first.stem, second.stem], PAIR_WEIGHT)
        for first, second in zip(words, words[1:], strict=False)
    ]


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) between two words."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]
