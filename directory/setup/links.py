"""Full links to our own pages (e-mails, shared lists, the API, exports).

Always built on PUBLIC_URL, never on the Host a request arrived with: anyone can send any
Host header, and a link built from it would send people (and password links) elsewhere.
"""

from urllib.parse import urlsplit

from flask import current_app

ADAPTER = "public_url_adapter"


def external_url(endpoint: str, **values) -> str:
    """The full address of `endpoint` on this site, as PUBLIC_URL says it is reached."""
    app = current_app._get_current_object()
    adapter = app.extensions.get(ADAPTER)
    if adapter is None:
        base = urlsplit(app.config["PUBLIC_URL"])
        adapter = app.url_map.bind(base.netloc, script_name=base.path or "/",
                                   url_scheme=base.scheme or "https")
        app.extensions[ADAPTER] = adapter
    app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
