"""Knowing crisis words: the phrases in crisis.yaml, their misspellings, and no false alarms
on everyday searches."""

import pytest

from directory.safety import crisis


@pytest.mark.parametrize("text", [
    "i want to kill myself", "I want to KIL MYSELF", "suicide", "Suicide!!!", "sucidal thoughts",
    "suicidal", "end it all", "I can't go on", "cant go on", "self-harm", "self harm", "selfharm",
    "overdose", "overdoze", "took too many pills", "i am in danger", "wanna die",
])
def test_crisis_words_and_misspellings_are_known(text):
    reading = crisis.read(text)
    assert reading.crisis and reading.shows_panel


@pytest.mark.parametrize("text", [
    "my partner hits me", "he hits me", "Scared of my partner", "domestic voilence",
    "domestic abuse", "domestik abuse", "refuge",
])
def test_abuse_words_show_the_panel_and_exit_this_page(text):
    reading = crisis.read(text)
    assert reading.abuse and reading.shows_panel and reading.exit_this_page


@pytest.mark.parametrize("text", ["sex work", "escort", "prostitute", "selling sex"])
def test_sex_work_words_give_exit_this_page_but_no_panel(text):
    reading = crisis.read(text)
    assert reading.exit_this_page and not reading.shows_panel


@pytest.mark.parametrize("text", [
    "housing", "food bank", "emergency housing", "refugee", "crisis loan", "money", "job",
    "drugs", "", "   ", "!!!", "kill time", "danger money",
])
def test_everyday_searches_are_not_crisis_searches(text):
    assert crisis.read(text) == crisis.Reading()


def test_one_letter_out_matches_only_long_words():
    assert crisis.within_one_edit("suicide", "sucide")  # dropped
    assert crisis.within_one_edit("suicide", "suicdie")  # swapped
    assert crisis.within_one_edit("suicide", "suicidee")  # extra
    assert crisis.within_one_edit("suicide", "suecide")  # changed
    assert not crisis.within_one_edit("suicide", "sucdie")
    # "refuge" is too short to stretch: "refugee" is someone else.
    assert crisis.read("refugee").abuse is False


def test_a_long_paste_is_read_only_so_far():
    assert crisis.read("housing " * 500 + "suicide") == crisis.Reading()
    assert crisis.read("suicide " + "housing " * 500).crisis


def test_pathways_that_carry_the_panel():
    assert crisis.pathway_panel("health") == crisis.Reading(crisis=True)
    assert crisis.pathway_panel("domestic-abuse") == crisis.Reading(crisis=True, abuse=True)
    assert not crisis.pathway_panel("accommodation").shows_panel


def test_the_panel_as_set_up_has_the_real_national_numbers():
    lines = crisis.crisis_data().panel
    phones = [line.phone for line in lines]
    assert phones == ["999", "116 123", "111", "0808 2000 247"]
    assert [line.for_abuse for line in lines] == [False, False, False, True]
    assert "option 2" in lines[2].action
