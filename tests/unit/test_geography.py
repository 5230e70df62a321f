"""Postcodes read the way people type them; distances good enough for "about N miles"."""

import pytest

from directory.places import geography


@pytest.mark.parametrize("typed, expected", [
    ("NR2", ("NR2", "NR2")),
    ("nr2", ("NR2", "NR2")),
    ("nr2 4ab", ("NR2 4AB", "NR2")),
    ("NR2 4AB", ("NR2 4AB", "NR2")),
    ("  nr24ab ", ("NR2 4AB", "NR2")),
    ("NR24", ("NR24", "NR24")),
    ("pe30 1ab", ("PE30 1AB", "PE30")),
])
def test_postcodes_are_tidied(typed, expected):
    assert geography.tidy_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["", "Norwich", "12345", "NR2 4A", "N", "<script>"])
def test_things_that_are_not_postcodes(typed):
    assert geography.tidy_postcode(typed) is None


def test_a_norfolk_postcode_finds_its_district_centre():
    place = geography.find_place("nr2 4ab")
    assert place.problem is None
    assert place.postcode == "NR2 4AB"
    assert place.outcode.code == "NR2"
    assert place.outcode.place == "Norwich"


def test_nr7_is_known_although_the_source_list_lacks_it():
    assert geography.find_place("NR7 0AA").outcode is not None


@pytest.mark.parametrize("typed, message", [
    ("", "Enter a postcode, like NR2 4AB, or the first part, like NR2"),
    ("Norwich", "Enter a real postcode, like NR2 4AB, or the first part, like NR2"),
    ("sw1a 1aa", "SW1A 1AA is not a Norfolk postcode. We only list support in Norfolk"),
    ("NR32", "NR32 is not a Norfolk postcode. We only list support in Norfolk"),
])
def test_bad_and_other_postcodes_get_a_clear_message(typed, message):
    place = geography.find_place(typed)
    assert place.outcode is None
    assert place.problem == message


def test_distance_between_norwich_and_great_yarmouth():
    norwich, yarmouth = geography.outcodes()["NR2"], geography.outcodes()["NR30"]
    miles = geography.distance_miles(norwich.latitude, norwich.longitude,
                                     yarmouth.latitude, yarmouth.longitude)
    assert 18 < miles < 20  # about 19 miles as the crow flies
    assert geography.distance_miles(52.6, 1.3, 52.6, 1.3) == 0


@pytest.mark.parametrize("miles, words", [
    (0.2, "less than 1 mile"), (1.4, "about 1 mile"), (1.6, "about 2 miles"),
    (18.7, "about 19 miles"),
])
def test_distances_are_said_roughly(miles, words):
    assert geography.about_miles(miles) == words


def test_districts_are_read_from_the_approximate_names():
    names = ["Breckland", "Norwich", "South Norfolk", "King's Lynn and West Norfolk"]
    assert geography.outcodes()["NR4"].districts_among(names) == ["Norwich", "South Norfolk"]
    assert geography.outcodes()["PE13"].districts_among(names) == [
        "King's Lynn and West Norfolk"]
    assert geography.outcodes()["IP27"].districts_among(names) == ["Breckland"]
