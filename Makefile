# Loket — two commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test test-sqlite test-postgres test-e2e setup system-packages assets messages bench clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Loket needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	@echo "==> Python packages into $(VENV)"
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Loket needs Node.js and npm for the design system CSS: apt-get install nodejs npm"; exit 1; }
	@echo "==> Design system CSS, charts and axe-core from npm"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# System packages: gettext (translations), Chromium (browser tests), PostgreSQL 15 (tests).
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	{ command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "==> Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please run: sudo apt-get install$$missing"; exit 1; fi; \
	fi

messages: $(STAMP)
	@$(BIN)/loket compilemessages -v0 --ignore=.venv --ignore=node_modules

setup: system-packages $(STAMP) node_modules/.installed messages

demo: setup
	@echo "==> Database (SQLite under var/) and demo data"
	@$(BIN)/loket migrate -v0
	@$(BIN)/loket seed --demo
	@echo "==> Loket runs at http://127.0.0.1:8000/ (staff: http://127.0.0.1:8000/desk/)"
	@$(BIN)/loket runserver 127.0.0.1:8000

test: setup
	@scripts/test-all

test-sqlite: setup
	@$(BIN)/pytest -n 2 -q

test-postgres: setup
	@scripts/with-postgres $(BIN)/pytest -n 2 -q -m "not e2e"

bench: setup
	@$(BIN)/python bench/whistle.py

clean:
	rm -rf $(VENV) node_modules var
