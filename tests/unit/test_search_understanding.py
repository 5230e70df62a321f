"""Reading places, people and moments out of typed text, and the bound on spelling work."""

from directory.places import geography
from directory.search import query as query_module
from directory.search.query import QueryBuilder
from directory.search.synonyms import load
from directory.search.understanding import key_of, understand, vocabulary

KNOWN = vocabulary()


def district_of(outcode):
    return "great-yarmouth" if outcode.code.startswith("NR3") and len(outcode.code) == 4 \
        else "norwich"


def test_the_places_file_covers_norfolk():
    places = {phrase for phrase, meaning in KNOWN.phrases.items() if meaning.kind == "place"}
    assert len(places) >= 120
    districts = {KNOWN.phrases[p].slug for p in places}
    assert districts == {"norwich", "broadland", "south-norfolk", "great-yarmouth",
                         "kings-lynn-west-norfolk", "north-norfolk", "breckland"}
    for typed, district in [("King's Lynn", "kings-lynn-west-norfolk"),
                            ("kings lynn", "kings-lynn-west-norfolk"),
                            ("lynn", "kings-lynn-west-norfolk"),
                            ("yarmouth", "great-yarmouth"), ("Gorleston", "great-yarmouth"),
                            ("thetford", "breckland"), ("dereham", "breckland"),
                            ("wymondham", "south-norfolk"), ("hellesdon", "broadland"),
                            ("cromer", "north-norfolk"), ("fakenham", "north-norfolk"),
                            ("hunstanton", "kings-lynn-west-norfolk"),
                            ("downham market", "kings-lynn-west-norfolk"),
                            ("HMP Norwich", "norwich"), ("HMP Bure", "north-norfolk"),
                            ("HMP Wayland", "breckland")]:
        assert KNOWN.phrases[key_of(typed)].slug == district, typed


def test_a_place_a_person_and_a_moment_leave_only_the_need():
    understood = understand("money help for my son in prison in Gorleston", KNOWN)
    assert understood.place.district == "great-yarmouth"
    assert understood.place.typed == "Gorleston"
    assert understood.groups == ["families"]
    assert understood.words == "money help for my in"
    assert understood.without_place == "money help for my son in prison in"
    moment = understand("i get out next week", KNOWN)
    assert moment.stages == ["release"] and moment.words == "i"


def test_a_norfolk_postcode_is_a_place_and_others_are_words():
    understood = understand("housing nr30 2aa", KNOWN, district_of)
    assert understood.place.is_postcode and understood.place.typed == "NR30 2AA"
    assert understood.place.outcode == geography.outcodes()["NR30"]
    assert understood.words == "housing"
    assert understand("housing NR2", KNOWN, district_of).place.outcode.code == "NR2"
    elsewhere = understand("housing M1 1AE", KNOWN, district_of)
    assert elsewhere.place is None and elsewhere.words == "housing M1 1AE"


def test_only_places_and_groups_in_use_are_understood():
    understood = understand("women in yarmouth", KNOWN,
                            allowed={"place": {"norwich"}, "group": set(), "stage": set()})
    assert understood.place is None and not understood.groups
    assert understood.words == "women in yarmouth"


class NoWords:
    """A reader that knows no words."""

    def doc_frequency(self, field, word):
        return 0

    def expand_prefix(self, field, prefix):
        return []


def test_spelling_work_is_bounded_per_search(monkeypatch):
    looked_up = []
    nearest = QueryBuilder._nearest
    monkeypatch.setattr(QueryBuilder, "_nearest",
                        lambda self, typed, edits: looked_up.append(typed)
                        or nearest(self, typed, edits))
    builder = QueryBuilder(NoWords(), load())
    made_up = " ".join(f"qwerty{letter}" for letter in "abcdefghijklmnop")
    builder.build(made_up)
    builder.suggest(made_up)
    assert len(looked_up) == query_module.MAX_CORRECTED_WORDS
    looked_up.clear()
    QueryBuilder(NoWords(), load()).build("x" * 2000)
    assert looked_up == []
