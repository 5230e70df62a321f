"""Build a Whoosh query from whatever a person typed.

Text is never given to Whoosh's query parser: it is cut into words, and the query is built
from those words, so quotes, brackets, AND/OR, "*" and the like are only ever words or
nothing. Each word matches in every field (weighted by field), through the synonyms file,
and, when the word is unknown, through its nearest known spellings (one or two edits),
which count for less than exact matches.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq

from directory.search import whoosh_internals as internals
from directory.search.schema import ANALYZER, FIELD_BOOSTS
from directory.search.synonyms import Synonyms, stems

MAX_TEXT = 2000
# Words read from the text, and the most of them (filler left out) that become concepts:
# a person's whole situation fits ("money help for my son" is two), and a 2,000-character
# text costs little more than a plain search.
MAX_WORDS = 40
MAX_CONCEPT_WORDS = 8
# Spelling work per search: words looked up, and the longest word worth correcting.
MAX_CORRECTED_WORDS = 4
MAX_CORRECTABLE = 20
# Synonyms count for more when the word itself is found nowhere ("booze") than when it is
# ("methadone": services that say "methadone" beat those that only say "drugs").
SYNONYM_WEIGHT = 0.6
KNOWN_WORD_SYNONYM_WEIGHT = 0.25
CORRECTION_WEIGHT = 0.35
PAIR_WEIGHT = 1.0
PHRASE_FIELDS = ("name", "pathway", "keywords", "audience")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Word:
    stem: str
    typed: str


@dataclass
class Concept:
    """One thing the person asked for: a word with its synonyms and spelling corrections,
    or a known phrase ("universal credit"). Services matching every concept come first."""

    label: str  # as typed, for "These match 'housing'"
    query: wq.Query


@dataclass
class BuiltQuery:
    concepts: list[Concept] = field(default_factory=list)
    # Words typed together found together ("bank account"): ranking only, never matching.
    bonus: list[wq.Query] = field(default_factory=list)
    # Stems to mark in snippets: typed words, their synonyms and their corrections.
    highlight: set[str] = field(default_factory=set)
    # Misspelt words typed -> their corrections.
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def suggestion(self) -> str | None:
        """The words with misspellings corrected, when any were."""
        return " ".join(self.corrections.values()) if self.corrections else None

    @property
    def query(self) -> wq.Query | None:
        """Every concept and bonus as one query (for Whoosh, and checks against it)."""
        clauses = [c.query for c in self.concepts] + self.bonus
        if not clauses:
            return None
        return wq.Or(clauses) if len(clauses) > 1 else clauses[0]


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
    """Short words have many near neighbours: allow fewer edits for them. No real word is
    longer than MAX_CORRECTABLE letters, and looking near a very long one costs much."""
    if len(word) < 4 or len(word) > MAX_CORRECTABLE:
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


def _any_of(queries) -> wq.Query:
    queries = [q for q in queries if q is not None]
    return queries[0] if len(queries) == 1 else wq.Or(queries)


class QueryBuilder:
    """Typed words to concepts. Spelling work is bounded per builder (so per search): at
    most MAX_CORRECTED_WORDS words are looked up, each once."""

    def __init__(self, reader, synonyms: Synonyms):
        self.reader = reader
        self.synonyms = synonyms
        self._corrections: dict[tuple[str, bool], str | None] = {}
        self._looked_up = 0
        self._in_index: dict[str, bool] = {}

    def meaningful_words(self, text: str, keep_filler: bool = True) -> list[Word]:
        """The words that are concepts: filler goes, unless it is all there is and
        `keep_filler` (a search for just "help" still looks for help)."""
        words = words_of(clean(text))
        meaningful = [w for w in words if w.stem not in self.synonyms.filler]
        return (meaningful or (words if keep_filler else []))[:MAX_CONCEPT_WORDS]

    def build(self, text: str, keep_filler: bool = True) -> BuiltQuery:
        words = self.meaningful_words(text, keep_filler)
        built = BuiltQuery()
        if not words:
            return built
        corrections = [self.correction(word) for word in words]
        stems_in_order = [
            (stems(c) or (w.stem,))[0] if c else w.stem
            for w, c in zip(words, corrections, strict=True)
        ]
        start = 0
        while start < len(words):
            size, phrase = self._phrase_at(stems_in_order, start)
            group = range(start, start + size)
            alternatives = [self._word_query(words[i], corrections[i], built.highlight)
                            for i in group]
            if phrase:
                # The phrase's own words all count, or what the phrase means.
                alternatives = [wq.And(alternatives), *self._synonym_matches(
                    phrase, SYNONYM_WEIGHT * 2, built.highlight)]
            label = " ".join(corrections[i] or words[i].typed for i in group)
            built.concepts.append(Concept(label, _any_of(alternatives)))
            start += size
        built.bonus = adjacent_pairs([w for w in words if self.in_index(w)])
        built.corrections = {w.typed: c for w, c in zip(words, corrections, strict=True) if c}
        return built

    def _word_query(self, word: Word, correction: str | None, highlight: set[str]):
        alternatives = [match(word.typed, 1.0, highlight)]
        weight = KNOWN_WORD_SYNONYM_WEIGHT if self.in_index(word) else SYNONYM_WEIGHT
        alternatives += self._synonym_matches((word.stem,), weight, highlight)
        if correction:
            alternatives.append(match(correction, CORRECTION_WEIGHT, highlight))
            alternatives += self._synonym_matches(stems(correction), CORRECTION_WEIGHT,
                                                  highlight)
        return _any_of(alternatives)

    def _phrase_at(self, stems_in_order: list[str], start: int
                   ) -> tuple[int, tuple[str, ...] | None]:
        """The longest everyday phrase of several words ("universal credit") starting at
        `start` (misspellings corrected): (how many words, its stems) or (1, None)."""
        for size in range(min(self.synonyms.longest, len(stems_in_order) - start), 1, -1):
            key = tuple(stems_in_order[start:start + size])
            if self.synonyms.lookup(key):
                return size, key
        return 1, None

    def suggest(self, text: str) -> dict[str, str]:
        """Other spellings worth offering when a search found little: typed -> better."""
        return {w.typed: better for w in self.meaningful_words(text)
                if (better := self.correction(w, rare_known=True))}

    def _synonym_matches(self, key: tuple[str, ...], weight: float, highlight: set[str]):
        """Synonyms are looked for in the short fields only: they name the kind of help
        (pathways, keywords), and long descriptions would cost much and add little."""
        return [match(phrase, weight, highlight, PHRASE_FIELDS)
                for phrase in self.synonyms.lookup(key)]

    def in_index(self, word: Word) -> bool:
        if word.typed not in self._in_index:
            self._in_index[word.typed] = self.reader.doc_frequency("spelling", word.typed) > 0
        return self._in_index[word.typed]

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
        key = (word.typed, rare_known)
        if key in self._corrections:
            return self._corrections[key]
        edits = max_edits(word.typed)
        if edits == 0 or (self.is_known(word) and not rare_known):
            return None
        if self._looked_up >= MAX_CORRECTED_WORDS:
            return None
        self._looked_up += 1
        self._corrections[key] = found = self._nearest(word.typed, edits)
        return found

    def _nearest(self, typed: str, edits: int) -> str | None:
        """The nearest words to `typed` found more often, in the index or the synonyms file
        (edit distances in C over the words sharing its first letter)."""
        frequency = self.reader.doc_frequency("spelling", typed)
        near = {known for known, _distance, _index in process.extract(
            typed, index_spellings(self.reader, typed[:1]), scorer=OSA.distance,
            score_cutoff=edits, limit=None)}
        candidates = [
            (OSA.distance(typed, known), -self.reader.doc_frequency("spelling", known), known)
            for known in near
            if known != typed and self.reader.doc_frequency("spelling", known) > frequency
        ]
        candidates += [
            (distance, -1000, known)
            for known, distance, _index in process.extract(
                typed, self.synonyms.spellings(typed[:1]), scorer=OSA.distance,
                score_cutoff=edits, limit=None)
        ]
        return min(candidates)[2] if candidates else None


def index_spellings(reader, first_letter: str) -> list[str]:
    """Words of the index's spelling field that start with this letter. Kept per segment
    (a segment never changes, and a new searcher reuses the segments it shares with the
    last), so after an edit only the edit's small segment is read again."""
    if not first_letter:
        return []
    lists = []
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    for leaf, _offset in leaves:
        cache = internals.cache_on(leaf, "_spellings", {})
        if first_letter not in cache:
            try:
                cache[first_letter] = [
                    word.decode("utf-8") if isinstance(word, bytes) else word
                    for word in leaf.expand_prefix("spelling", first_letter)]
            except (KeyError, ValueError):
                cache[first_letter] = []
        lists.append(cache[first_letter])
    if len(lists) == 1:
        return lists[0]
    return sorted({word for words in lists for word in words})


def adjacent_pairs(words: list[Word]) -> list[wq.Query]:
    """Words typed together count for more when they are together in a short field:
    "bank account" is about bank accounts before it is about food banks."""
    return [
        all_in_one_field([first.stem, second.stem], PAIR_WEIGHT)
        for first, second in zip(words, words[1:], strict=False)
    ]


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) between two words."""
    return OSA.distance(a, b)
