"""A shortlist is a list of ids in a URL: whatever is typed there, it never errors."""

import uuid

from directory.finder import shortlist

A, B, C = (uuid.UUID(int=n) for n in (1, 2, 3))


def test_ids_are_read_in_order_without_repeats_or_rubbish():
    text = f"{B}, {A},nonsense,{B},,<script>"
    assert shortlist.parse_ids(text) == [B, A]
    assert shortlist.parse_ids(None) == []
    assert shortlist.format_ids([B, A]) == f"{B},{A}"


def test_the_list_has_a_limit_so_it_fits_on_a_page():
    many = [uuid.UUID(int=n) for n in range(1, 40)]
    assert len(shortlist.parse_ids(shortlist.format_ids(many))) == shortlist.MAX_SERVICES
    assert shortlist.with_added(many[:shortlist.MAX_SERVICES], [C]) == many[:shortlist.MAX_SERVICES]


def test_adding_and_removing():
    assert shortlist.with_added([A], [B, A]) == [A, B]
    assert shortlist.without([A, B, C], [B]) == [A, C]
