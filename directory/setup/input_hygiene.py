"""Input no person types, made harmless before any view sees it.

NUL characters are refused by PostgreSQL text columns (a server error from one `%00` in a
link), and a query string that is not UTF-8 made Werkzeug raise. Both are removed here, once,
so no view or form needs to think about them. Line breaks come in as the browser sends them
(CRLF, by the HTML standard for a text area) and are kept as "\n", as the seed, imports and
the database have them: so a description saved unchanged is unchanged, and moves no version.
"""

from urllib.parse import parse_qsl

from flask import Flask, abort
from flask.wrappers import Request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.utils import cached_property


def without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def _cleaned(value):
    if not isinstance(value, str):
        return value
    return without_nul(value).replace("\r\n", "\n").replace("\r", "\n")


class NulFreeMultiDict(ImmutableMultiDict):
    """Query and form values with every NUL character taken out and line breaks as "\n"
    (files are left alone)."""

    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [(without_nul(key), _cleaned(value))
                       for key, value in iter_multi_items(mapping)]
        super().__init__(mapping)


class HygienicRequest(Request):
    parameter_storage_class = NulFreeMultiDict

    @cached_property
    def args(self) -> NulFreeMultiDict:
        # As Werkzeug does, but bytes that are not UTF-8 become U+FFFD instead of an error.
        return self.parameter_storage_class(parse_qsl(
            self.query_string.decode("utf-8", "replace"),
            keep_blank_values=True,
            errors="werkzeug.url_quote",
        ))


def link_arguments(args, **values) -> dict:
    """A query's values, fit to pass on to url_for with `values`: never url_for's own
    options (`_anchor`, `_method`, `_external`, `_scheme`) nor a name the address already
    has (a `slug` in the query of a pathway page), which made url_for fail."""
    return {key: value for key, value in args.to_dict(flat=False).items()
            if not key.startswith("_") and key not in values}


def refuse_nul_in_addresses(endpoint, values) -> None:
    """No page's address contains a NUL character: say "not found" before any query runs."""
    if values and any("\x00" in value for value in values.values() if isinstance(value, str)):
        abort(404)


def init_app(app: Flask) -> None:
    app.request_class = HygienicRequest
    app.url_value_preprocessor(refuse_nul_in_addresses)
