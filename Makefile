# Two commands do all set-up on a fresh Debian machine:
#   make run   - start the kiosk
#   make test  - lint, type-check, validate content and catalogues, and run every test
# As root they install missing Debian packages; otherwise they say exactly what is missing.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KIOSK := $(BIN)/kiosk
PYBABEL := $(BIN)/pybabel
ARGS ?=

# Debian packages: speech (espeak-ng, PulseAudio, ALSA player), printing (CUPS, cups-pdf),
# fonts covering Latin, Cyrillic, Arabic and Chinese, and the tools the tests check output with.
DEBIAN_RUN := espeak-ng libespeak-ng1 pulseaudio pulseaudio-utils alsa-utils cups-client \
              fonts-dejavu-core fonts-noto-core fonts-noto-cjk
DEBIAN_TEST := $(DEBIAN_RUN) cups cups-bsd cups-pdf poppler-utils zbar-tools sox xvfb xterm \
               chromium imagemagick tmux procps

.PHONY: run test deps-run deps-test venv catalogues translations bench soak check lint clean services snapshots

run: deps-run $(STAMP) catalogues
	$(KIOSK) run $(ARGS)

test: deps-test $(STAMP) catalogues services
	$(BIN)/ruff check kiosk tests benchmarks
	$(BIN)/ruff format --check kiosk tests benchmarks
	$(BIN)/mypy
	$(KIOSK) check --strict
	$(BIN)/pytest -p no:cacheprovider -q $(ARGS)

deps-run:
	@scripts/debian-deps.sh $(DEBIAN_RUN)

deps-test:
	@scripts/debian-deps.sh $(DEBIAN_TEST)

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Compiled catalogues are build output: made here, never committed.
catalogues: $(STAMP)
	@$(PYBABEL) compile --use-fuzzy=false -d locales -D messages --statistics 2>&1 | tail -n 1 || true
	@$(PYBABEL) compile -d locales -D messages >/dev/null

# For content editors and translators: pull new English strings into every catalogue
# (changed sentences become fuzzy), then compile.
translations: $(STAMP)
	$(PYBABEL) extract -F pyproject.toml --no-location --sort-by-file -c TRANSLATORS: \
	    --project "SEND kiosk" -o locales/messages.pot kiosk content
	$(PYBABEL) update -i locales/messages.pot -d locales -D messages --previous --ignore-obsolete
	$(PYBABEL) compile -d locales -D messages --statistics

services:
	@scripts/start-pulseaudio.sh
	@scripts/start-cups.sh

check: $(STAMP) catalogues
	$(KIOSK) check --strict

lint: $(STAMP)
	$(BIN)/ruff check --fix kiosk tests benchmarks
	$(BIN)/ruff format kiosk tests benchmarks

snapshots: $(STAMP) catalogues services
	$(BIN)/pytest -p no:cacheprovider -q tests/test_snapshots.py --snapshot-update

bench: deps-test $(STAMP) catalogues services
	$(BIN)/python benchmarks/run.py

soak: deps-test $(STAMP) catalogues services
	KIOSK_SOAK_EVENTS=20000 $(BIN)/pytest -p no:cacheprovider -q -s tests/test_soak.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	find locales -name '*.mo' -delete
