"""The search engine on an in-memory index: no Flask, no database."""

import pytest

from directory.search import engine
from directory.search.log import normalise
from directory.search.query import QueryBuilder, distance, max_edits, words_of
from directory.search.scoring import ArrayScorer
from directory.search.store import SearchIndex
from directory.search.synonyms import load, parse

SYNONYMS = load()

DOCUMENTS = [
    dict(id="hostel", name="Hostel beds for men", organisation="Wensum Way",
         pathway="Accommodation", keywords="hostel bed", description="Beds in Norwich.",
         pathway_slug="accommodation", area_slug="norwich", client_group_slug="men",
         self_referral=True),
    dict(id="county-money", name="Money helpline", organisation="Money Line",
         pathway="Finance, benefits and debt", keywords="debt benefits",
         description="Free phone advice on debt and universal credit for anyone.",
         pathway_slug="finance", area_slug="county-wide,_county",
         client_group_slug="_anyone"),
    dict(id="drink", name="Drink less group", organisation="Broadland Routes",
         pathway="Drugs and alcohol", keywords="alcohol drinking",
         description="A weekly group to cut down on drinking.",
         pathway_slug="drugs-alcohol", area_slug="broadland", client_group_slug="_anyone"),
    dict(id="accommodation-named", name="Accommodation advice", organisation="Council",
         pathway="Accommodation", description="Advice on finding a home.",
         pathway_slug="accommodation", area_slug="yarmouth", client_group_slug="women"),
    dict(id="ACCOMODATION-typo", name="Acomodation list", organisation="Typo Trust",
         description="A list.", pathway_slug="accommodation", area_slug="yarmouth",
         client_group_slug="_anyone"),
]
OPTIONS = {"pathway": ["accommodation", "finance", "drugs-alcohol"],
           "area": ["norwich", "broadland", "yarmouth"],
           "client_group": ["men", "women"], "stage": [], "self_referral": [True]}


@pytest.fixture(scope="module")
def index():
    index = SearchIndex(None)
    with index.writing() as batch:
        for document in DOCUMENTS:
            document = {**document, "version": 1, "name_sort": document["name"].lower()}
            document["spelling"] = " ".join(
                str(document.get(f, "")) for f in ("name", "organisation", "pathway",
                                                    "keywords", "description"))
            batch.writer.add_document(**document)
    return index


def search(index, text, chosen=None, **kwargs):
    with index.searcher() as searcher:
        return engine.run(searcher, SYNONYMS, text, chosen or {}, OPTIONS, **kwargs)


def test_exact_words_find_services(index):
    assert search(index, "hostel").ids[0] == "hostel"


def test_everyday_words_find_services_through_the_synonyms_file(index):
    assert search(index, "booze").ids == ["drink"]
    assert "county-money" in search(index, "money problems").ids
    assert "hostel" in search(index, "homeless").ids


def test_one_or_two_typos_are_forgiven_and_a_better_spelling_offered(index):
    outcome = search(index, "hostle")
    assert outcome.ids[0] == "hostel"
    outcome = search(index, "benifits")
    assert outcome.ids == ["county-money"]
    # The correction is already searched: "Did you mean" only when it finds more.
    assert outcome.suggestion is None
    outcome = search(index, "acomodation")  # a word one listing misspells
    assert outcome.ids == ["ACCOMODATION-typo"]
    assert outcome.suggestion == "accommodation"
    assert engine.replace_words("Acomodation in Norwich", {"acomodation": "accommodation"}) \
        == "accommodation in Norwich"


def test_exact_matches_rank_above_fuzzy_ones(index):
    assert search(index, "accommodation").ids[0] == "accommodation-named"


def test_name_counts_more_than_description(index):
    assert search(index, "drinking group").ids[0] == "drink"


def test_county_wide_and_for_anyone_services_pass_local_filters(index):
    outcome = search(index, "debt", {"area": "norwich", "client_group": "men"})
    assert outcome.ids == ["county-money"]


def test_counts_per_option_ignore_the_filter_being_counted(index):
    outcome = search(index, "", {"pathway": "accommodation"})
    assert outcome.total == 3
    assert outcome.counts["pathway"] == {"accommodation": 3, "finance": 1, "drugs-alcohol": 1}
    assert outcome.counts["area"]["norwich"] == 1
    assert outcome.counts["self_referral"] == {True: 1}


def test_sorting_by_name_and_pages(index):
    everything = search(index, "", sort="name", per_page=10).ids
    assert everything == ["accommodation-named", "ACCOMODATION-typo", "drink", "hostel",
                          "county-money"]
    pages = [search(index, "", sort="name", per_page=2, page=n).ids for n in (1, 2, 3)]
    assert pages == [everything[:2], everything[2:4], everything[4:]]
    assert search(index, "", page=50).ids == []


@pytest.mark.parametrize("text", [
    '"', "(", ")", "AND", "OR NOT", "*", "a" * 2000, "😀", "\x00", "", "name:hostel",
    "hostel~", "hos*", "[", "{", "^", "\\", "' OR 1=1 --",
])
def test_query_syntax_is_never_interpreted(index, text):
    outcome = search(index, text)
    assert isinstance(outcome.ids, list)


def test_field_syntax_is_just_words(index):
    assert search(index, "name:hostel").ids[0] == "hostel"
    assert search(index, "hostel AND zzzz").ids[0] == "hostel"


def test_snippets_mark_words_and_escape_markup():
    html = engine.snippet("A <b>hostel</b> for men & women", {"hostel"})
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<mark class="app-search-match' in html


def test_search_log_keeps_words_not_people():
    assert normalise("Housing NR1 3AB ring 07700900123 or me@example.org") == \
        "housing nr1 ring or"
    assert normalise("HELP in PE30 1AA!!") == "help in pe30 !!"
    assert normalise("\x00") == ""


def test_edit_distance():
    assert distance("hostle", "hostel") == 1  # two letters swapped
    assert distance("acommodation", "accommodation") == 1
    assert distance("benifits", "benefits") == 1
    assert max_edits("dv") == 0 and max_edits("debts") == 1 and max_edits("accommodation") == 2


def test_synonyms_file_format():
    synonyms = parse({"synonyms": {"alcohol": ["booze", "a drink"]}, "filler": ["help"]})
    assert synonyms.lookup(("booz",)) == ["alcohol"]
    assert synonyms.lookup(("drink",)) == ["alcohol"]
    assert "help" in synonyms.filler


def test_words_people_type_all_map_somewhere():
    for phrase in ("housing", "homeless", "hostel", "booze", "drink", "debt", "benefits",
                   "universal credit", "money", "job", "work", "cv", "dbs", "disclosure",
                   "kids", "family", "visits", "dv", "depression", "anxiety"):
        assert SYNONYMS.lookup(tuple(w.stem for w in words_of(phrase))), phrase


@pytest.mark.parametrize("text", ["hostel", "money help", "booze", "acomodation advice",
                                  "drinking group norwich", "benifits"])
def test_results_come_in_the_order_whoosh_itself_ranks_them(index, text):
    """Scoring with arrays must give Whoosh's own BM25F scores and order."""
    with index.searcher() as searcher:
        query = QueryBuilder(searcher.reader(), SYNONYMS).build(text).query
        expected = searcher.search(query, limit=None).top_n
        scores = ArrayScorer.of(searcher).evaluate(query)
        assert expected, "the query should find something"
        assert engine._ranked(scores, scores.matched).tolist() == [d for _s, d in expected]
        assert [scores.score[d] for _s, d in expected] == pytest.approx(
            [s for s, _d in expected], rel=1e-5)
