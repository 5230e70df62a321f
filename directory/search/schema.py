"""What the search index holds for each published service, and how words are analysed.

The index is a projection of the database: every field here is derived from a Service row
and the rows it links to, so the whole index can be rebuilt from the database at any time.
"""

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema

# Bump when the fields or the analysis change: an index built with another version is rebuilt.
SCHEMA_VERSION = 5

# Words that say nothing about the kind of help wanted. Kept small: "help" and "need" are
# filler in most searches, but they are still searched when they are all someone typed.
_STOP_WORDS = (
    "a an and are as at be but by can do for from get have i if in into is it me my no "
    "not of on or so that the their then there these they this to was we what when where "
    "which who will with you your"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Letters and digits only: quotes, brackets, "*", AND/OR and emoji never become syntax.
WORD_PATTERN = r"\w+(?:['’]\w+)?"


def stemming_analyzer():
    """English words reduced to their stems, so "drinking" finds "drink"."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
        | StemFilter(lang="en", cachesize=50000)
    )


def plain_analyzer():
    """Whole lower-case words, for spelling suggestions people can read."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS)


ANALYZER = stemming_analyzer()

# Text fields searched, with how much a match in each counts (name > organisation >
# pathway and keywords > description).
FIELD_BOOSTS = {
    "name": 6.0,
    "organisation": 3.0,
    "pathway": 2.0,
    "keywords": 2.0,
    "audience": 1.5,
    "places": 1.0,
    "description": 1.0,
}


def build_schema() -> Schema:
    text_fields = {
        # No word positions: phrases are matched as "all words in one short field", which
        # is far cheaper and keeps the index small.
        name: TEXT(analyzer=ANALYZER, phrase=False) for name in FIELD_BOOSTS
    }
    return Schema(
        id=ID(stored=True, unique=True),
        # The service row's version when indexed: reconciling compares it with the database.
        version=STORED(),
        # [latitude, longitude] of each place to visit (never a refuge's), for distances.
        points=STORED(),
        name_sort=ID(sortable=True),
        spelling=TEXT(analyzer=plain_analyzer(), phrase=False),
        # Slugs for filters. "_county" marks county-wide services (they count in every
        # district) and "_anyone" services for no particular group (they count for everyone).
        pathway_slug=KEYWORD(commas=True),
        area_slug=KEYWORD(commas=True),
        client_group_slug=KEYWORD(commas=True),
        stage_slug=KEYWORD(commas=True),
        tag=KEYWORD(commas=True, lowercase=True),
        self_referral=BOOLEAN(),
        **text_fields,
    )


COUNTY_WIDE = "_county"
FOR_ANYONE = "_anyone"
