"""Settings, read from the environment so that no secret lives in the repo."""

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """The app was started with settings it cannot run safely with."""


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'directory.sqlite3'}"
    # Heroku-style URLs say postgres://; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def load(instance_path: str, debug: bool, testing: bool) -> dict:
    """Build the Flask config mapping from the environment."""
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if not (debug or testing):
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random string before starting in "
                "production, for example: export SECRET_KEY=$(python3 -c "
                "'import secrets; print(secrets.token_hex(32))')"
            )
        secret_key = secrets.token_hex(32)
    if os.environ.get("NOTIFY_API_KEY") and not os.environ.get("NOTIFY_SMS_TEMPLATE_ID"):
        raise ConfigError(
            "NOTIFY_API_KEY is set but NOTIFY_SMS_TEMPLATE_ID is not: set it to the id of a "
            "GOV.UK Notify text message template whose message is ((list))")
    return {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_INDEX_DIR": os.environ.get(
            "SEARCH_INDEX_DIR", str(Path(instance_path) / "search-index")
        ),
        # A data file of everyday words -> listing words; the package's own file if unset.
        "SEARCH_SYNONYMS_FILE": os.environ.get("SEARCH_SYNONYMS_FILE") or None,
        "SEARCH_LOG_RETENTION_DAYS": int(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "180")),
        # How often each app server compares its index with the shared database.
        "SEARCH_RECONCILE_SECONDS": float(os.environ.get("SEARCH_RECONCILE_SECONDS", "30")),
        "SEARCH_LOCK_TIMEOUT": float(os.environ.get("SEARCH_LOCK_TIMEOUT", "10")),
        # "background" (default), "now" or "off" ("off" is the default in tests).
        "SEARCH_CATCH_UP_ON_START": os.environ.get("SEARCH_CATCH_UP_ON_START"),
        # Seconds after an edit to merge the small index segments edits leave, in the
        # background ("off" to leave it to edits past MAX_SEGMENTS; "off" in tests).
        "SEARCH_TIDY_SECONDS": os.environ.get("SEARCH_TIDY_SECONDS", "off" if testing else "2"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not (debug or testing),
        "REMEMBER_COOKIE_SECURE": not (debug or testing),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # Listings not checked for this many days show a warning to the public.
        "REVIEW_AFTER_DAYS": int(os.environ.get("REVIEW_AFTER_DAYS", "183")),
        # Where "Exit this page" sends people after we clear their session.
        "EXIT_PAGE_URL": os.environ.get("EXIT_PAGE_URL", "https://www.bbc.co.uk/weather"),
        "SERVICES_PER_PAGE": 20,
        # How many reverse proxies in front of us set X-Forwarded-*; 0 trusts none of them.
        # The site's address as people reach it: every full link (e-mails, shared lists, the
        # API, exports) is built on it, never on the Host a request came with.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or "http://localhost:5000",
        "TRUSTED_PROXY_HOPS": int(os.environ.get("TRUSTED_PROXY_HOPS", "0")),
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        # GOV.UK Notify: with a key and a text message template whose body is ((list)),
        # a shortlist can be sent by text. Without them the offer is not shown.
        "NOTIFY_API_KEY": os.environ.get("NOTIFY_API_KEY", ""),
        "NOTIFY_SMS_TEMPLATE_ID": os.environ.get("NOTIFY_SMS_TEMPLATE_ID", ""),
        "NOTIFY_BASE_URL": os.environ.get(
            "NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
    }
