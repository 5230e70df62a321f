"""Jinja set-up: GOV.UK Frontend macros, our templates, filters and globals."""

from flask import Flask, request, url_for
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from directory.formatting import SITE_NAME, long_date, plural, short_time, tel_href, web_url
from directory.setup import input_hygiene
from directory.setup.navigation import admin_navigation


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
