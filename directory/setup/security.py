"""Response headers that keep people safe: a strict CSP, no framing, no sniffing."""

from flask import Flask, Response, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.setup import input_hygiene

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def add_security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if _private(response):
        response.headers["Cache-Control"] = "no-store"
    return response


# Pages that hold an account's own things: sign-in, one-time links (their address is the
# secret), and everything under them. Exports are signed-in pages.
PRIVATE_BLUEPRINTS = ("auth",)


def _private(response: Response) -> bool:
    """Never kept by a browser or proxy: whatever a signed-in person gets (pages, exports,
    downloads), and the sign-in and one-time-link pages."""
    if request.blueprint in PRIVATE_BLUEPRINTS:
        return True
    return bool(getattr(current_user, "is_authenticated", False))


def trust_reverse_proxy(app: Flask, hops: int) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from exactly `hops` proxies, so that behind a
    TLS-terminating proxy request.is_secure is true (and HSTS is sent); never more, or anyone
    could claim to be on HTTPS or spoof their address."""
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def init_app(app: Flask) -> None:
    input_hygiene.init_app(app)
    trust_reverse_proxy(app, app.config.get("TRUSTED_PROXY_HOPS", 0))
    app.after_request(add_security_headers)
