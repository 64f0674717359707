# The README's commands. `make run` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets lint format bench bench-autosave faults worker beat clean

# The periodic jobs run beside the server: with no broker configured, beat runs each task in
# its own process (eager), so deadlines, reminders and delayed mail happen here as in production.
run: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(VENV)/bin/celery -A csa_portal beat --loglevel=WARNING --schedule=.celerybeat-schedule & \
	beat=$$!; trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install assets lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

assets: static/vendor/.built

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/vendor/.built: node_modules/.installed
	rm -rf static/vendor
	mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons static/vendor/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	touch $@

# ruff, django-upgrade and djlint through pre-commit (.pre-commit-config.yaml), with the
# virtualenv's pinned tools first on PATH.
lint: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: install assets
	$(PY) bench/run.py $(BENCH_ARGS)

# Candidates autosaving a timed task against gunicorn (bench/autosave.py; docs/performance.md).
bench-autosave: install assets
	$(PY) bench/autosave.py $(BENCH_ARGS)

# The fault suite (faults/): its own PostgreSQL, Redis and mail server, 1,000 applications per
# scenario; FAULTS_ARGS="--short" is the form CI runs.
faults: install assets
	$(PY) -m faults $(FAULTS_ARGS)

worker: install
	$(VENV)/bin/celery -A csa_portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A csa_portal beat --loglevel=INFO --schedule=.celerybeat-schedule

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
