"""Issue 13's finder journeys on the demo data: "Which prison?", family support at that
prison wherever the family lives, a postcode outside Norfolk, numbering that never jumps,
several answers for "who", clear wording for a family member, leaving soon vs just left, and
results before the answers."""

from urllib.parse import urlsplit

import pytest

from tests.helpers import page, text_of

FAMILY = "pathway=social-networks&client_group=families&when=in-prison"


def names(html, within="main") -> list[str]:
    return [text_of(a) for a in html.select(f"{within} .app-result__title a")]


def at_prison(html) -> list[str]:
    heading = html.select_one("h2#at-prison")
    found = []
    for node in heading.find_all_next():
        if node.name == "h2":
            break
        if node.name == "a" and "app-result__link" in (node.get("class") or []):
            found.append(text_of(node))
    return found


def location(response) -> str:
    return urlsplit(response.headers["Location"]).path


@pytest.mark.parametrize("when, asks", [
    ("in-prison", True), ("leaving-soon", True), ("just-left", False), ("in-community", False),
])
def test_which_prison_is_asked_only_of_people_in_prison_or_leaving(demo_client, when, asks):
    response = demo_client.get("/get-support/when?asked=when&pathway=health&area=anywhere"
                               f"&client_group=anyone&when={when}")
    assert location(response) == ("/get-support/prison" if asks else "/get-support/results")


def test_which_prison_reads_right_for_a_family_and_must_be_answered(demo_client):
    html = page(demo_client.get(f"/get-support/prison?{FAMILY}&area=anywhere"))
    assert text_of(html.select_one("legend h1")) == "Which prison are they in?"
    labels = [text_of(label) for label in html.select(".govuk-radios__label")]
    assert {"HMP Norwich", "HMP Bure", "HMP Wayland", "HMP Peterborough (women's prison)",
            "Another prison, or not sure"} == set(labels)
    html = page(demo_client.get(f"/get-support/prison?asked=prison&{FAMILY}&area=anywhere"))
    assert "Choose a prison" in text_of(html.select_one(".govuk-error-summary"))
    html = page(demo_client.get("/get-support/prison?pathway=health&area=anywhere"
                                "&client_group=men&when=in-prison"))
    assert text_of(html.select_one("legend h1")) == "Which prison are you in?"


@pytest.mark.parametrize("postcode", ["NR30+1AA", "SW1A+1AA"])
def test_a_family_gets_support_at_the_prison_wherever_they_live(demo_client, postcode):
    html = page(demo_client.get(f"/get-support/results?{FAMILY}&area=postcode"
                                f"&postcode={postcode}&prison=hmp-bure"))
    assert text_of(html.select_one("h2#at-prison")) == "At HMP Bure"
    assert "Help with visits to HMP Bure" in at_prison(html)
    assert "Visitor centre at HMP Norwich" not in names(html)
    assert html.select_one("main a[href='/prisons/hmp-bure']") is not None


def test_without_the_prison_a_yarmouth_family_misses_the_bure_visits_help(demo_client):
    html = page(demo_client.get(f"/get-support/results?{FAMILY}&area=postcode"
                                "&postcode=NR30+1AA&prison=other"))
    assert html.select_one("h2#at-prison") is None
    assert "Help with visits to HMP Bure" not in names(html)


def test_someone_in_prison_gets_the_services_inside_in_the_help_they_chose(demo_client):
    html = page(demo_client.get(
        "/get-support/results?pathway=finance-benefits-debt&area=postcode&postcode=NR30+1AA"
        "&client_group=men&when=in-prison&prison=hmp-wayland"))
    assert at_prison(html) == ["Money, bank and debt help in HMP Wayland"]
    # Not listed twice.
    assert names(html).count("Money, bank and debt help in HMP Wayland") == 1


def test_a_postcode_outside_norfolk_shows_services_anyone_in_england_can_use(demo_client):
    response = demo_client.get("/get-support/where?asked=where&pathway=accommodation"
                               "&pathway=health&postcode=sw1a+1aa")
    assert location(response) == "/get-support/who"
    html = page(demo_client.get(
        "/get-support/results?pathway=accommodation&pathway=health&area=postcode"
        "&postcode=SW1A+1AA&client_group=anyone&when=just-left"))
    notice = text_of(html.select_one("#outside-norfolk"))
    assert "SW1A 1AA is outside Norfolk" in notice
    assert "local listings are for norfolk" in notice.lower()
    listed = names(html)
    assert listed == ["Housing advice line for people leaving prison (England)",
                      "Someone to talk to (England)"]


def test_question_numbers_never_jump(demo_client):
    # From the situation "Someone in my family is in prison": 3 questions, numbered 1, 2, 3.
    steps = [("help", ""), ("where", "&pathway=social-networks"),
             ("prison", "&pathway=social-networks&area=anywhere")]
    base = "client_group=families&when=in-prison&given=who&given=when"
    numbers = [text_of(page(demo_client.get(f"/get-support/{step}?{base}{more}"))
                       .select_one(".govuk-caption-l")) for step, more in steps]
    assert numbers == ["Question 1", "Question 2", "Question 3"]
    # Asked everything: 1 to 4, and 5 only when "Which prison?" is asked.
    full = [("help", ""), ("where", "pathway=health"), ("who", "pathway=health&area=anywhere"),
            ("when", "pathway=health&area=anywhere&client_group=men"),
            ("prison", "pathway=health&area=anywhere&client_group=men&when=in-prison")]
    numbers = [text_of(page(demo_client.get(f"/get-support/{step}?{args}"))
                       .select_one(".govuk-caption-l")) for step, args in full]
    assert numbers == [f"Question {n}" for n in range(1, 6)]
    # The back link skips the questions a situation answered.
    html = page(demo_client.get(f"/get-support/prison?{base}&pathway=social-networks"
                                "&area=anywhere"))
    assert urlsplit(html.select_one(".govuk-back-link")["href"]).path == "/get-support/where"
    results = page(demo_client.get(f"/get-support/results?{base}&pathway=social-networks"
                                   "&area=anywhere&prison=hmp-bure"))
    assert urlsplit(results.select_one(".govuk-back-link")["href"]).path == (
        "/get-support/prison")


def test_who_is_it_for_takes_several_answers(demo_client):
    html = page(demo_client.get("/get-support/who?pathway=social-networks&area=anywhere"))
    boxes = html.select("input[type=checkbox][name=client_group]")
    assert len(boxes) == 10  # every group but "people who harm others", and "anyone"
    assert boxes[-1]["value"] == "anyone" and boxes[-1]["data-behaviour"] == "exclusive"
    both = "client_group=women&client_group=young-adults"
    results = page(demo_client.get(f"/get-support/results?pathway=social-networks"
                                   f"&area=anywhere&{both}&when=not-sure"))
    women_only = page(demo_client.get("/get-support/results?pathway=social-networks"
                                      "&area=anywhere&client_group=women&when=not-sure"))
    young_only = page(demo_client.get("/get-support/results?pathway=social-networks"
                                      "&area=anywhere&client_group=young-adults&when=not-sure"))
    assert set(names(results)) == set(names(women_only)) | set(names(young_only))
    assert set(names(results)) > set(names(women_only))
    summary = text_of(results.select_one(".app-finder-answers"))
    assert "Women, Young adults (18 to 25)" in summary


def test_anyone_stands_alone_and_people_who_harm_is_never_an_answer(demo_client):
    response = demo_client.get("/get-support/who?asked=who&pathway=health&area=anywhere"
                               "&client_group=anyone&client_group=women")
    assert "client_group=anyone" in response.headers["Location"]
    assert "client_group=women" not in response.headers["Location"]
    html = page(demo_client.get("/get-support/who?asked=who&pathway=health&area=anywhere"
                                "&client_group=people-who-harm"))
    assert "Choose who the support is for" in text_of(html.select_one(".govuk-error-summary"))


def test_where_are_they_now_reads_clearly_to_a_family_member(demo_client):
    html = page(demo_client.get("/get-support/when?pathway=social-networks&area=anywhere"
                                "&client_group=families"))
    assert text_of(html.select_one("legend h1")) == "Where is your family member now?"
    assert "the person in your family" in text_of(html.select_one(".govuk-hint"))
    assert "Their sentence has ended" in text_of(html.select_one("main"))
    own = page(demo_client.get("/get-support/when?pathway=health&area=anywhere"
                               "&client_group=men"))
    assert text_of(own.select_one("legend h1")) == "Where are you now?"
    assert "My sentence has ended" in text_of(own.select_one("main"))


def test_leaving_soon_and_just_left_give_different_support(demo_client):
    base = ("/get-support/results?pathway=finance-benefits-debt&area=breckland"
            "&client_group=men&when={when}&prison=other")
    soon = names(page(demo_client.get(base.format(when="leaving-soon"))))
    left = names(page(demo_client.get(base.format(when="just-left"))))
    # Help inside prison is for before release; help in the community is for after.
    assert "Money, bank and debt help in HMP Wayland" in soon
    assert "Money, bank and debt help in HMP Wayland" not in left
    assert set(left) - set(soon), "nothing is just for people who have left"


def test_results_come_before_the_answers(demo_client):
    html = page(demo_client.get("/get-support/results?pathway=health&area=anywhere"
                                "&client_group=anyone&when=not-sure"))
    body = str(html)
    assert body.index("app-result__title") < body.index("Your answers")
