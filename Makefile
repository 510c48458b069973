# Two commands do all set-up on a fresh Debian machine:
#   make run   - start the kiosk
#   make test  - lint, type-check, validate content and catalogues, and run every test
#                (the fault and fuzz suites and a 2,000-event soak among them)
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
# fonts covering Latin, Cyrillic, Arabic and Chinese, and the tools the tests check output with
# (systemd for systemd-analyze, which scores the units' sandbox).
DEBIAN_RUN := espeak-ng libespeak-ng1 pulseaudio pulseaudio-utils alsa-utils cups-client \
              fonts-dejavu-core fonts-noto-core fonts-noto-cjk
DEBIAN_TEST := $(DEBIAN_RUN) cups cups-bsd printer-driver-cups-pdf poppler-utils zbar-tools sox xvfb xterm \
               chromium imagemagick tmux procps foot fontconfig util-linux systemd

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

# Compiled catalogues are build output: made here, never committed. kiosk.core.pofiles compiles
# like `pybabel compile` (fuzzy and empty strings left out) but keeps the X-Translation-Review
# header, which Babel drops and the kiosk shows.
catalogues: $(STAMP)
	@$(BIN)/python -m kiosk.core.pofiles compile locales

# For content editors and translators: pull new English strings into every catalogue
# (changed sentences become fuzzy), then compile. The template is written to a new file first,
# so a content file that cannot be read never leaves an empty template behind.
translations: $(STAMP)
	$(PYBABEL) -q extract -F pyproject.toml --no-location --sort-by-file -c TRANSLATORS: \
	    --project "SEND kiosk" --version "$$($(BIN)/python -c 'import kiosk; print(kiosk.__version__)')" \
	    --copyright-holder "the SEND kiosk authors" -o locales/messages.pot.new kiosk content \
	    || { rm -f locales/messages.pot.new; exit 1; }
	mv locales/messages.pot.new locales/messages.pot
	$(BIN)/python -m kiosk.core.pofiles update locales
	$(BIN)/python -m kiosk.core.pofiles compile locales

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
