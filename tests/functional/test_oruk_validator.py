"""The official Open Referral UK validator's checks (re-implemented in tests/oruk_validator.py
from its source) pass at both levels against the demo directory."""

import pytest

from directory.interop import oruk
from tests.oruk_validator import SPECIFICATION_BASE, validate, version_number


def test_the_official_validators_checks_pass_at_both_levels(demo_client):
    report = validate(demo_client, "/api")
    assert report.spec_url == f"{SPECIFICATION_BASE}3.0/openapi.json"
    assert report.profile_reason == "Standard version 3.0 read from '/' endpoint"
    assert report.problems() == []
    assert report.is_valid and report.level_passes(1) and report.level_passes(2)
    tested = {endpoint.path: endpoint.requests for endpoint in report.endpoints}
    assert {"/services", "/services/{id}", "/service_at_locations/{id}", "/organizations/{id}",
            "/taxonomies/{id}", "/taxonomy_terms/{id}"} <= set(tested)
    assert {e.path for e in report.level(1)} == {"/", "/services", "/services/{id}"}
    # 170-odd services at 50 a page: the first, middle and last pages, then 10 ids.
    assert [url.rsplit("=", 1)[-1] for url in tested["/services"]] == ["1", "2", "4"]
    assert len(set(tested["/services/{id}"])) == 10
    assert len(tested["/taxonomies/{id}"]) == 3


def test_the_checks_fail_a_place_without_location_type(demo_client, monkeypatch):
    """The re-implementation can fail: without location_type, level 1 fails as it did."""
    real = oruk.location_json
    monkeypatch.setattr(oruk, "location_json", lambda location: {
        k: v for k, v in real(location).items() if k != "location_type"})
    report = validate(demo_client, "/api")
    assert not report.is_valid and not report.level_passes(1)
    assert any("'location_type' is a required property" in line for line in report.problems())


@pytest.mark.parametrize("version, number", [("3.0", 3.0), ("HSDS-UK-3.0", 3.0), ("V3", 3.0),
                                             ("3.1", 3.1), ("unknown", None)])
def test_discovery_reads_the_version_as_the_validator_does(version, number):
    assert version_number(version) == number
