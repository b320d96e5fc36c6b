# Loket — two commands: `make demo` and `make test`. Both set up what they need first.
# The distribution's python3.11 first: Debian builds it with profile-guided optimisation
# (bench/RESULTS.md: Loket's requests cost less CPU on it than on a plain source build).
# PYTHON=... chooses another.
PYTHON ?= $(shell for p in /usr/bin/python3.11 python3.11 python3; do command -v $$p && break; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH):/usr/sbin:/sbin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo prod test test-sqlite test-postgres test-e2e setup system-packages assets messages bench clean

# System packages: gettext (translations), Chromium (browser tests), PostgreSQL 15 (tests),
# Python's venv module and npm (set-up). As root they are installed; otherwise we say how.
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/15/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	{ [ -n "$(PYTHON)" ] && $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; } || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then echo "==> System packages: gettext, chromium, postgresql, npm, python3-venv present"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "==> Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	    || { echo "apt-get could not install:$$missing"; exit 1; }; \
	else echo "Loket needs these system packages. Please run: sudo apt-get install$$missing"; exit 1; fi

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@[ -n "$(PYTHON)" ] || { echo "Loket needs Python 3.11 or newer (python3.11 or python3)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Loket needs Python 3.11 or newer, $(PYTHON) is older"; exit 1; }
	@echo "==> Python packages into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# --no-compile: a module is compiled when first imported (kept where Python may write
	@# it: scripts/test-all lets it), not all 800 MB ahead: 82 s -> 51 s on a fresh clone
	@$(BIN)/pip install -qq --no-compile -r requirements-dev.txt
	@$(BIN)/pip install -qq --no-deps -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> Design system CSS, charts, htmx and axe-core from npm"
	@npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

assets: node_modules/.installed

messages: $(STAMP)
	@echo "==> Translations (compiling the catalogues)"
	@$(BIN)/loket compilemessages -v0 --ignore=.venv --ignore=node_modules --ignore=var

setup: system-packages $(STAMP) assets messages

demo: setup
	@echo "==> Database (SQLite under var/) and demo data"
	@$(BIN)/loket migrate -v0
	@$(BIN)/loket seed --demo
	@$(BIN)/loket prepare_translations >/dev/null
	@echo "==> Loket runs at http://127.0.0.1:8000/ (staff: http://127.0.0.1:8000/desk/); Ctrl-C stops it"
	@LOKET_DEBUG=1 $(BIN)/loket runserver 127.0.0.1:8000

# The whole suite on SQLite and on a PostgreSQL 15 that it starts itself.
test: setup
	@scripts/test-all

test-sqlite: setup
	@$(BIN)/pytest -n 2 -q

test-postgres: setup
	@scripts/with-postgres $(BIN)/pytest -n 2 -q -m "not e2e"

test-e2e: setup
	@$(BIN)/pytest -n 2 -q -m e2e

# The committed API schema (tests/api/test_openapi_file.py fails when it differs from the code's).
.PHONY: openapi
openapi: $(STAMP)
	@$(BIN)/loket spectacular --lang en --validate --file openapi.yaml

bench: setup
	@$(BIN)/python bench/whistle.py

clean:
	rm -rf $(VENV) node_modules var

# Production on one machine: gunicorn, `loket worker`, PostgreSQL (DATABASE_URL, or a cluster
# under var/postgres). Options through the environment: README, section "Production".
prod: setup
	@scripts/prod
