# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed

.PHONY: run test serve lint seed migrate user clean chromium pango

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

migrate: $(STAMP)
	$(FLASK) db upgrade

# The demo on this machine runs in debug mode, so it needs no SECRET_KEY (make serve does).
run seed user: export FLASK_DEBUG = 1

seed: migrate
	$(FLASK) seed

run: seed
	$(FLASK) run --host 127.0.0.1 --port 5000

# The first account on this machine: make user EMAIL=you@example.org ROLE=admin (asks for a
# password). Elsewhere: flask --app app users create EMAIL --role ROLE, with SECRET_KEY set.
ROLE ?= viewer
user: migrate
	@if [ -z "$(EMAIL)" ]; then echo "make user needs EMAIL: make user EMAIL=you@example.org ROLE=admin" >&2; exit 1; fi
	$(FLASK) users create "$(EMAIL)" --role "$(ROLE)"

# Production: gunicorn with several workers (see gunicorn.conf.py). Needs SECRET_KEY; loads no
# demo data (run `make seed` for that).
serve: $(STAMP)
	@if [ -z "$${SECRET_KEY:-}" ]; then \
	  echo "make serve needs SECRET_KEY: export SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >&2; \
	  exit 1; fi
	$(FLASK) db upgrade
	$(VENV)/bin/gunicorn --config gunicorn.conf.py app:app

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Browser tests need Debian's chromium. As root we install it; otherwise we say loudly
# that the browser tests will be skipped.
chromium:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	else \
	  echo "!!! chromium is missing and we are not root: BROWSER TESTS WILL BE SKIPPED !!!"; \
	fi

# The board pack's PDF (WeasyPrint) needs Debian's Pango. As root we install it.
pango:
	@if ldconfig -p | grep -q libpangoft2-1.0 && command -v pdftotext >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 poppler-utils) >/dev/null; \
	else \
	  echo "!!! Pango is missing and we are not root: THE BOARD PACK PDF TEST WILL FAIL !!!"; \
	fi

test: $(STAMP) chromium pango
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance/*.sqlite3 instance/search-index
