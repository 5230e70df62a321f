"""Drawing the districts: projection, simplification and where each number goes."""

from types import SimpleNamespace

import numpy as np

from directory.board import district_map as drawing


def test_simplifying_keeps_the_ends_and_strays_no_further_than_the_tolerance():
    xs = np.linspace(0, 100, 201)
    wiggly = np.column_stack([xs, np.sin(xs / 5) * 10 + np.where(xs % 2 == 0, 0.3, -0.3)])
    kept = drawing.simplified(wiggly, 1.0)
    assert 5 < len(kept) < len(wiggly) / 3
    assert (kept[0] == wiggly[0]).all() and (kept[-1] == wiggly[-1]).all()
    # every dropped point is within the tolerance of the line kept in its place
    assert drawing._distance_to_edge(wiggly, kept).max() <= 1.0 + 1e-9


def test_a_number_goes_inside_a_horseshoe_and_away_from_a_marked_place():
    # a U shape: its middle (the bounding box's centre) is outside it
    u = np.array([[0, 0], [30, 0], [30, 100], [70, 100], [70, 0], [100, 0], [100, 130],
                  [0, 130], [0, 0]], dtype=float)
    x, y = drawing.label_point(u)
    assert drawing._inside(np.array([[x, y]]), u)[0]
    assert not (30 < x < 70 and y < 100)
    away = drawing.label_point(u, avoid=((x, y),))
    assert np.hypot(away[0] - x, away[1] - y) > 10


def test_the_seven_districts_are_drawn_once_each_from_the_geojson():
    outline = drawing.outline()
    assert len(outline.shapes) == 7 and outline.width == drawing.WIDTH
    assert 300 < outline.height < 500  # Norfolk is wider than it is tall
    small = drawing.outline(tolerance=drawing.SMALL_TOLERANCE)
    assert sum(map(len, (s.path for s in small.shapes.values()))) < sum(
        map(len, (s.path for s in outline.shapes.values())))
    assert drawing.outline() is outline  # projected once per process


def test_a_district_with_no_outline_is_named_for_the_table():
    term = SimpleNamespace(name="Atlantis", slug="atlantis")
    norwich = SimpleNamespace(name="Norwich", slug="norwich")
    drawn = drawing.district_map(
        [SimpleNamespace(column=term, count=1, shade=1),
         SimpleNamespace(column=norwich, count=4, shade=2)], lambda t: f"/{t.slug}",
        [SimpleNamespace(name="HMP Norwich", latitude=52.63, longitude=1.32)])
    assert drawn.unmapped == ("Atlantis",)
    assert [(d.name, d.count, d.href) for d in drawn.districts] == [("Norwich", 4, "/norwich")]
    (prison,) = drawn.places
    assert 0 < prison.at[0] < drawn.width and 0 < prison.at[1] < drawn.height
