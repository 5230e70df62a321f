"""The board's analysis as pure functions over plain data: no Flask, no database."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from directory.analysis import gaps
from directory.analysis.changes import changes_between
from directory.analysis.demand import group_by_pathway
from directory.analysis.funding import at_risk, months_ahead
from directory.analysis.gaps import find_gaps, opened_gaps
from directory.analysis.overlaps import (
    cosine,
    find_overlaps,
    tfidf_vectors,
    triage_state,
)
from directory.analysis.provision import provision_map, shade_bands
from directory.analysis.records import (
    FundingFacts,
    ProvisionCounts,
    SearchCount,
    ServiceFacts,
    ServiceState,
    Taxonomy,
    Term,
)


def term(slug: str) -> Term:
    return Term(uuid.uuid5(uuid.NAMESPACE_DNS, slug), slug, slug.replace("-", " ").title())


HOUSING, MONEY = term("housing"), term("money")
NORWICH, YARMOUTH, LYNN = term("norwich"), term("yarmouth"), term("lynn")
WOMEN, MEN = term("women"), term("men")
CUSTODY, RELEASE = term("custody"), term("release")
TAXONOMY = Taxonomy((HOUSING, MONEY), (NORWICH, YARMOUTH, LYNN), (WOMEN, MEN),
                    (CUSTODY, RELEASE))


def test_shades_split_counts_into_bands_with_none_apart():
    bands = shade_bands(8)
    assert [(b.level, b.low, b.high) for b in bands] == [
        (0, 0, 0), (1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]
    assert [b.label for b in shade_bands(2)] == ["None", "1", "2"]


def test_provision_map_puts_numbers_and_shades_in_board_order():
    counts = ProvisionCounts(
        cells={(HOUSING.id, NORWICH.id): 8, (HOUSING.id, YARMOUTH.id): 2},
        apart={HOUSING.id: 2}, totals={HOUSING.id: 9})
    provision = provision_map(TAXONOMY, "area", counts)
    housing, money = provision.rows
    assert [(c.column.slug, c.count, c.shade) for c in housing.cells] == [
        ("norwich", 8, 4), ("yarmouth", 2, 1), ("lynn", 0, 0)]
    assert (housing.apart, housing.total, money.total) == (2, 9, 0)
    assert provision.apart_label == "County-wide"


def gap_counts(**extra):
    counts = {
        ("pathway", "area"): {(HOUSING.id, NORWICH.id): 3, (HOUSING.id, YARMOUTH.id): 1,
                              (MONEY.id, NORWICH.id): 2, (MONEY.id, YARMOUTH.id): 1,
                              (MONEY.id, LYNN.id): 1},
        ("pathway", "area", "stage"): {
            (HOUSING.id, NORWICH.id, CUSTODY.id): 1, (HOUSING.id, YARMOUTH.id, RELEASE.id): 1,
            (MONEY.id, NORWICH.id, CUSTODY.id): 1, (MONEY.id, YARMOUTH.id, CUSTODY.id): 1,
            (MONEY.id, LYNN.id, RELEASE.id): 1},
    }
    counts.update(extra)
    return counts


def test_gaps_are_ranked_by_evidence_and_folded_into_bigger_gaps():
    found = find_gaps(TAXONOMY, gap_counts(), {})
    by_district = found[("pathway", "area")]
    assert [g.label for g in by_district] == ["Housing × Lynn"]
    assert by_district[0].title == "No housing services in Lynn"
    assert by_district[0].reason == "The one other pathway has a service in Lynn"
    within = [g.label for g in found[("pathway", "area", "stage")]]
    # Housing × Lynn × anything is inside "Housing × Lynn": listed once, as the bigger gap.
    assert not any(label.startswith("Housing × Lynn") for label in within)
    # Money at release in Norwich: the pathway does release in Lynn, housing does it nowhere
    # in Norwich, so there is no evidence and it is not ranked.
    assert "Money × Norwich × Release" not in within
    assert within[0] == "Housing × Yarmouth × Custody"


def test_need_weights_reorder_gaps():
    weighted = find_gaps(TAXONOMY, gap_counts(), {(MONEY.id, YARMOUTH.id): 5})
    first = weighted[("pathway", "area", "stage")][0]
    assert first.label == "Money × Yarmouth × Release" and first.weight == 5
    assert first.reason.endswith("; the board's need weight here is 5")
    assert first.title == "No money services in Yarmouth (release)"


def test_every_gap_says_where_and_gives_its_evidence_in_words():
    found = find_gaps(TAXONOMY, gap_counts(), {})
    for kind_gaps in found.values():
        for gap in kind_gaps:
            assert " in " in gap.title or "anywhere in the county" in gap.title, gap.title
            assert "×" not in gap.title and "0." not in gap.reason
            assert gap.reason.split(" other ")[0].replace("All ", "").replace(" of the ", "")\
                .replace("The one", "").strip().isdigit() or gap.reason.startswith("The one")


def test_opened_gaps_are_what_loses_its_only_service():
    ending = {("pathway", "area"): {(MONEY.id, LYNN.id): 1, (HOUSING.id, NORWICH.id): 1}}
    assert opened_gaps(gap_counts(), ending, TAXONOMY) == [(("pathway", "area"), (MONEY, LYNN))]


def facts(name: str, text: str, groups=(MEN,), areas=(NORWICH,), version=1) -> ServiceFacts:
    return ServiceFacts(uuid.uuid5(uuid.NAMESPACE_URL, name), name, "Org", text,
                        frozenset({HOUSING.id}), frozenset(a.id for a in areas),
                        frozenset(g.id for g in groups), frozenset({RELEASE.id}), version,
                        datetime(2026, 1, 1))


def test_combinations_count_services_county_wide_in_every_district_and_groups_only_if_named():
    local = facts("local", HOSTEL, groups=(WOMEN, MEN), areas=(NORWICH,))
    county = ServiceFacts(uuid.uuid4(), "helpline", "Org", "", frozenset({HOUSING.id}),
                          frozenset({NORWICH.id}), frozenset(), frozenset({RELEASE.id}),
                          county_wide=True)
    districts = [d.id for d in TAXONOMY.districts]
    counts = gaps.gap_counts([local, county], districts)
    assert counts[("pathway", "area")] == {
        (HOUSING.id, NORWICH.id): 2, (HOUSING.id, YARMOUTH.id): 1, (HOUSING.id, LYNN.id): 1}
    # The helpline names no group: it counts for nobody in particular, not for everybody.
    assert counts[("area", "client_group", "stage")] == {
        (NORWICH.id, WOMEN.id, RELEASE.id): 1, (NORWICH.id, MEN.id, RELEASE.id): 1}


HOSTEL = "Hostel beds for men leaving prison, with a key worker and help to move on"
MOVE_ON = "Move-on rooms for men leaving prison, a key worker helps you move on"
GARDEN = "Gardening and allotment sessions on Saturdays"


def test_tfidf_cosine_finds_alike_descriptions():
    hostel, move_on, garden = tfidf_vectors([HOSTEL, MOVE_ON, GARDEN])
    assert cosine(hostel, move_on) > 0.3 > cosine(hostel, garden)
    assert round(cosine(hostel, hostel), 6) == 1


def test_overlaps_need_the_same_cell_and_alike_descriptions():
    services = [facts("a", HOSTEL), facts("b", MOVE_ON), facts("c", GARDEN),
                facts("d", HOSTEL, groups=()), facts("e", HOSTEL, areas=(YARMOUTH,))]
    pairs = find_overlaps(services, TAXONOMY, {NORWICH.id: "Norwich"})
    assert [p.names for p in pairs] == ["a and b"]
    percent = round(cosine(*tfidf_vectors([HOSTEL, MOVE_ON])) * 100)
    assert pairs[0].summary == (
        "a and b: both housing services for men in Norwich, both leaving prison; "
        f"their descriptions are {percent}% alike")


def test_three_alike_services_are_three_pairs_most_alike_first():
    pairs = find_overlaps([facts("a", HOSTEL), facts("b", MOVE_ON), facts("c", HOSTEL)],
                          TAXONOMY, {})
    assert [p.names for p in pairs] == ["a and c", "a and b", "b and c"]
    assert pairs[0].similarity == 1.0 and pairs[1].similarity < 1.0
    assert len({p.key for p in pairs}) == 3


def test_a_directory_with_one_service_or_none_has_no_overlaps():
    for services in ([], [facts("a", HOSTEL)]):
        pairs = find_overlaps(services, TAXONOMY, {})
        assert len(pairs) == 0 and pairs[:50] == [] and pairs.per_pathway() == {}
        assert pairs.find("any key") is None


def test_the_pairs_of_one_pathway_and_those_awaiting_a_decision():
    a, b, c = facts("a", HOSTEL), facts("b", MOVE_ON), facts("c", HOSTEL)
    pairs = find_overlaps([a, b, c], TAXONOMY, {})
    pathway = pairs[0].pathway
    assert [p.names for p in pairs.in_pathway(pathway.id)] == ["a and c", "a and b", "b and c"]
    assert len(pairs.in_pathway(uuid.uuid4())) == 0  # a pathway they were not found under
    decided = {pairs[1].key: (pairs[1].fingerprint, "complementary", "different people")}
    assert pairs.decided(decided) == {pairs[1].key: "complementary"}
    assert [p.names for p in pairs.without(pairs.decided(decided))] == ["a and c", "b and c"]
    assert pairs.per_pathway() == {pathway.name: 3}


def test_a_decision_on_a_pair_holds_until_either_listing_changes():
    a, b, c = facts("a", HOSTEL), facts("b", MOVE_ON), facts("c", HOSTEL)
    pairs = {p.names: p for p in find_overlaps([a, b, c], TAXONOMY, {})}
    decisions = {pairs["a and b"].key: (pairs["a and b"].fingerprint, "complementary",
                                        "different people")}
    assert triage_state(pairs["a and b"], decisions) == "complementary"
    assert triage_state(pairs["a and c"], decisions) is None  # the other pairs are undecided
    changed = {p.names: p for p in find_overlaps(
        [a, facts("b", MOVE_ON, version=2), c], TAXONOMY, {})}["a and b"]
    assert changed.key == pairs["a and b"].key
    assert triage_state(changed, decisions) is None


def funding(name: str, ends: date | None) -> FundingFacts:
    return FundingFacts(uuid.uuid4(), name, "Org", "PCC", Decimal(1000), ends)


def test_funding_at_risk_is_what_ends_within_the_months_chosen():
    today = date(2026, 11, 30)
    assert months_ahead(today, 3) == date(2027, 2, 28)
    ending = at_risk([funding("later", date(2027, 6, 1)), funding("soon", date(2027, 1, 31)),
                      funding("open", None), funding("ended", date(2026, 1, 1)),
                      funding("first", date(2026, 12, 31))], today, months_ahead(today, 6))
    assert [f.service_name for f in ending] == ["first", "soon"]


def test_unmet_demand_goes_to_the_pathway_its_words_suggest():
    words = {"housing": frozenset({"hostel", "homeless"}), "money": frozenset({"debt"})}
    groups = group_by_pathway(
        [SearchCount("homeless hostel", 3, 0), SearchCount("debt", 1, 0),
         SearchCount("qwerty", 5, 0), SearchCount("hostel", 2, 1)],
        TAXONOMY.pathways, words)
    assert [(g.pathway and g.pathway.slug, g.total) for g in groups] == [
        ("housing", 5), ("money", 1), (None, 5)]


def state(name, status, created, updated) -> ServiceState:
    return ServiceState(uuid.uuid4(), name, "Org", status, datetime(*created),
                        datetime(*updated), None)


def test_changes_between_meetings():
    changes = changes_between([
        state("new", "published", (2026, 10, 5), (2026, 10, 5)),
        state("edited", "published", (2026, 1, 1), (2026, 10, 6)),
        state("closed", "archived", (2026, 1, 1), (2026, 10, 7)),
        state("untouched", "published", (2026, 1, 1), (2026, 1, 1)),
        state("after", "published", (2026, 12, 5), (2026, 12, 5)),
    ], date(2026, 10, 1), date(2026, 11, 1))
    assert [[s.name for s in group] for group in (changes.new, changes.changed,
                                                   changes.closed)] == [
        ["new"], ["edited"], ["closed"]]
