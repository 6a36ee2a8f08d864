# Pobratym: `make demo` runs the platform with real reference data; `make test` tests it.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEBIAN_PACKAGES := chromium gettext
HOST_PORT ?= 127.0.0.1:8000

.PHONY: demo test install system-deps assets messages database lint typecheck check-messages lock bench clean

# DEBUG off, as in production: visitors see the site's error pages, never a traceback, and
# WhiteNoise serves the collected static files.
demo: install assets messages database
	$(MANAGE) collectstatic --no-input -v 0
	@echo "Pobratym is served on http://$(HOST_PORT)/ (Ctrl+C stops it)."
	DEBUG=false $(MANAGE) runserver $(HOST_PORT)

test: install assets messages
	$(PY) scripts/check_messages.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  ALLOWED_HOSTS=pobratym.example SITE_URL=https://pobratym.example DEFAULT_FROM_EMAIL=noreply@pobratym.example \
	  DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/pobratym.sqlite3} $(MANAGE) check --deploy --fail-level WARNING
	$(VENV)/bin/pytest

install: system-deps $(VENV)/.installed

$(VENV)/.installed: requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/lock.txt
	touch $@

# Debian packages: chromium for the browser tests, gettext to compile translations.
system-deps:
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages. Run as root:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json
	mkdir -p static/vendor/pico static/vendor/swagger-ui
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico/pico.min.css
	cp $(addprefix node_modules/swagger-ui-dist/,swagger-ui.css swagger-ui.css.map swagger-ui-bundle.js) static/vendor/swagger-ui/

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

database: install
	mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) import_reference
	$(MANAGE) load_demo

check-messages: install
	$(PY) scripts/check_messages.py

lock:
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 requirements/dev.in -o requirements/lock.txt

bench: install
	$(PY) bench/directory_bench.py

clean:
	rm -rf $(VENV) node_modules static/vendor static_build .hypothesis
