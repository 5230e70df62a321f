"""Production settings for gunicorn (`make serve`); each can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Pages are mostly database and template work: a few processes per core.
workers = int(os.environ.get("WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("THREADS", "1"))
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never takes the site down.
max_requests = 2000
max_requests_jitter = 200
# No access log unless asked for (ACCESS_LOG=-): it would hold addresses and searches.
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
# Which X-Forwarded-* headers to believe is decided in one place: the app's TRUSTED_PROXY_HOPS
# (Flask's ProxyFix). Gunicorn itself believes none, from any address: its default list
# (127.0.0.1) let anyone on this machine claim HTTPS even with TRUSTED_PROXY_HOPS=0.
forwarded_allow_ips = ""
secure_scheme_headers: dict = {}
forwarder_headers = ""
