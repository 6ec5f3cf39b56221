# make run  — set everything up and serve the app with demo data on http://127.0.0.1:8050
# make test — set everything up and run the whole test suite (SQLite and PostgreSQL)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
APT_PACKAGES := chromium fonts-wqy-microhei poppler-utils
export FLASK_APP := app:server

.PHONY: run test lint bench system-deps venv clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

# Debian packages for browser tests (Chromium + a CJK font), PDF checks (poppler) and PostgreSQL.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi wenquanyi || missing="$$missing fonts-wqy-microhei"; \
	test -x /usr/lib/postgresql/15/bin/postgres || missing="$$missing postgresql-15"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: venv
	DEMO_MODE=1 $(BIN)/flask init-db
	DEMO_MODE=1 $(BIN)/flask seed-demo --if-empty
	# ~10 s, so it is not part of seed-demo (which the test fixtures use); a no-op once seeded.
	DEMO_MODE=1 $(BIN)/flask seed-demo-enterprises
	DEMO_MODE=1 $(BIN)/gunicorn app:server --bind 127.0.0.1:8050 --workers 2 --timeout 120

test: venv system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 -q

lint: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: venv system-deps
	$(BIN)/python -m bench.load_bench
	$(BIN)/python -m bench.enterprise_bench
	$(BIN)/python -m bench.bulletin_bench

clean:
	rm -rf $(VENV) instance .pytest_cache
