# Chuangwen: `make demo` runs the system with demo data, `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup venv static-deps messages system-deps fonts demo test test-fast lint bench bench-deps clean screenshots

setup: venv static-deps messages

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

static-deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

messages: venv
	$(PYTHON) scripts/compile_messages.py

# Debian packages the tests need (root or sudo; only what is missing is installed): Chromium for
# browser tests, CJK fonts for screenshots and posters, GNU gettext to check the catalogues,
# LibreOffice to check generated Word documents, Redis to check limits shared across processes,
# PostgreSQL for the cluster test (tests/cluster/) when DATABASE_URL names none.
system-deps:
	@need=""; \
	[ -x /usr/bin/chromium ] || need="$$need chromium"; \
	[ -e /usr/lib/chromium/locales/zh-CN.pak ] || need="$$need chromium-l10n"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need="$$need fonts-noto-cjk"; \
	command -v xgettext >/dev/null || need="$$need gettext"; \
	command -v soffice >/dev/null || need="$$need libreoffice-writer-nogui"; \
	command -v pdffonts >/dev/null || need="$$need poppler-utils"; \
	command -v redis-server >/dev/null || need="$$need redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	if [ -n "$$need" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing:$$need"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need >/dev/null; \
	fi

# CJK fonts for the QR posters (Debian's fonts-noto-cjk), installed when missing.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
fonts:
	@[ -e $(CJK_FONT) ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null; }

# Runs the web server and, beside it, the background worker (exports, bulletins, reminders).
demo: setup fonts
	$(PYTHON) manage.py migrate --noinput -v0
	$(PYTHON) manage.py createcachetable
	HOST=$(HOST) PORT=$(PORT) $(PYTHON) manage.py load_demo
	@mkdir -p var; $(PYTHON) manage.py db_worker >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

# The suite runs in parallel: one pytest-xdist worker per core, each with its own test database;
# a file's tests stay in one worker (--dist loadfile), so a module's demo is loaded once.
# PYTEST_ARGS="-n 0" runs it in one process; PYTEST_WORKERS=4 sets the number of workers.
PYTEST_WORKERS ?= auto
test: setup system-deps
	$(BIN)/ruff check chuangwen tests bench scripts
	$(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check chuangwen tests bench scripts
	$(BIN)/ruff format --check chuangwen tests bench scripts

# Debian packages of the HTTP benchmark (bench/bench_survey_submit.py): wrk drives the load
# against a throwaway PostgreSQL cluster.
bench-deps:
	@need=""; \
	command -v wrk >/dev/null || need="$$need wrk"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	if [ -n "$$need" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing:$$need"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need >/dev/null; \
	fi

bench: setup bench-deps
	$(PYTHON) bench/run_all.py

# Full-page PNGs of the main pages into docs/screenshots/, from the demo data in a throwaway
# SQLite database (your own database is not touched), served on 127.0.0.1:8765.
SHOT_PORT ?= 8765
screenshots: setup system-deps
	@set -e; tmp=$$(mktemp -d /tmp/chuangwen-shots.XXXXXX); pid=; \
	trap 'if [ -n "$$pid" ]; then kill $$pid 2>/dev/null || true; fi; rm -rf "$$tmp"' EXIT; trap 'exit 1' INT TERM; \
	export CHUANGWEN_VAR_DIR=$$tmp CHUANGWEN_MEDIA_ROOT=$$tmp/media DATABASE_URL=sqlite:///$$tmp/demo.sqlite3; \
	$(PYTHON) manage.py migrate --noinput -v0; \
	$(PYTHON) manage.py createcachetable; \
	$(PYTHON) manage.py load_demo >$$tmp/load_demo.log 2>&1 || { cat $$tmp/load_demo.log; exit 1; }; \
	$(PYTHON) manage.py runserver --noreload 127.0.0.1:$(SHOT_PORT) >$$tmp/server.log 2>&1 & pid=$$!; \
	$(PYTHON) scripts/screenshots.py --base-url http://127.0.0.1:$(SHOT_PORT) || { cat $$tmp/server.log; exit 1; }

clean:
	rm -rf $(VENV) node_modules var staticfiles test-artifacts

# Refresh each app's .po from its code and templates (needs GNU gettext: apt-get install gettext).
# Usage: make messages-extract APP=org
messages-extract: venv
	cd chuangwen/$(APP) && DJANGO_SETTINGS_MODULE=chuangwen.settings PYTHONPATH=../.. ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --no-location
