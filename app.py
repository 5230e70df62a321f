"""Entry point for `flask --app app` and `gunicorn app:app`."""

import sys

from directory import create_app
from directory.setup.config import ConfigError

try:
    app = create_app()
except ConfigError as problem:  # one plain line, not a traceback
    sys.exit(f"Cannot start: {problem} (On your own computer, `make run` and `make user` "
             "use development settings and need no key.)")
