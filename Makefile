# The two commands of the quick start: `make demo` and `make test`. Both work from a clean clone.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
STAMP := $(VENV)/.installed

.PHONY: demo test install system-packages browser lint format bench bench-10m clean

demo: install
	$(BIN)/motcua demo --host $(HOST) --port $(PORT)

test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MOTCUA_ENV=test $(BIN)/motcua manage makemigrations --check --dry-run
	MOTCUA_ENV=test $(BIN)/motcua manage spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/pytest

install: system-packages $(STAMP)

# Reinstall when the dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $(STAMP)

# Debian packages motcua needs: Pango for WeasyPrint's PDFs; poppler-utils and zbar-tools to
# check them in the tests (pdftotext, pdffonts, pdfinfo, pdftoppm, zbarimg); SoftHSM2, the
# PKCS#11 token the signing tests sign with. Installs only what is
# missing, as root.
SYSTEM_PACKAGES ?= libpango-1.0-0 libpangoft2-1.0-0 poppler-utils zbar-tools softhsm2
system-packages:
	@missing=""; for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing Debian packages:$$missing; install them (as root) with apt-get." >&2; \
			exit 1; \
		fi; \
	fi

# Browser tests drive Debian's Chromium; install it when missing and we are root.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing at $(CHROMIUM): install Debian's 'chromium' package (as root)." >&2; \
			exit 1; \
		fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every benchmark, one table at the end (bench/run_all.py; data and logs under var/bench).
# The first run generates the reports' 1M dossiers once (--reuse after); docs/performance.md.
BENCH_HOME ?= var/bench
bench: install
	MOTCUA_HOME=$(BENCH_HOME) $(BIN)/python bench/run_all.py

# The reports on 10 million generated dossiers: hours of generation the first time, so opt-in.
bench-10m: install
	MOTCUA_HOME=$(BENCH_HOME) $(BIN)/python bench/run_all.py --only reports --reports-10m

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .hypothesis .ruff_cache
