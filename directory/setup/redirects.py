"""Redirects go to this site only: a `next` parameter can never send someone elsewhere."""

from urllib.parse import urlsplit


def local_redirect_target(target: str | None, fallback: str) -> str:
    if not target:
        return fallback
    target = target.replace("\\", "/").strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
