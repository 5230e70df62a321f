"""Jinja set-up: GOV.UK Frontend macros, our templates, filters and globals."""

from datetime import date, time
from urllib.parse import urlsplit

from flask import Flask, request, url_for
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from directory.setup import input_hygiene
from directory.setup.navigation import admin_navigation

SITE_NAME = "Rehabilitation Pathways"


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder and app.root_path + "/" + app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    WTFormsHelpers(app)
    app.jinja_env.filters.update(
        long_date=long_date,
        short_time=short_time,
        tel_href=tel_href,
        plural=plural,
        web_url=web_url,
        opening_times=opening_times,
    )
    app.jinja_env.globals.update(
        site_name=SITE_NAME,
        url_with=url_with,
        admin_navigation=lambda: admin_navigation(app),
    )


def opening_times(schedule) -> list[tuple[str, str]]:
    from directory.listings.catalogue import opening_times as grouped

    return grouped(schedule)


def long_date(value: date | None) -> str:
    """25 November 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_time(value: time) -> str:
    """9am, 5:30pm, 12 noon."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def tel_href(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def web_url(value: str) -> str:
    """Only http(s) links reach a page: never javascript: or data: from imported data."""
    return value if urlsplit(value.strip()).scheme in ("http", "https") else ""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def url_with(**changes) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    view_args = request.view_args or {}
    args = input_hygiene.link_arguments(request.args, **view_args)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **view_args, **args)
