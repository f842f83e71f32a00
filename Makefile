# Two entry points: `make run` (the tracker with a populated demo) and `make test` (all checks).
PY ?= python3
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# pip's notes about local index locations this machine's pip.conf names but lacks are noise here.
QUIET_PIP := grep -v 'is ignored: it is neither a file nor a directory' || true
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck pytest bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 | { $(QUIET_PIP); }
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e . 2>&1 | { $(QUIET_PIP); }
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/eci up --demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy --strict config domain store

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

# Every bench runs (one failing does not hide the next); any failure fails the target.
bench: install
	failed=; for b in bench/bench_*.py; do $(BIN)/python $$b --quick || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "bench failed:$$failed" >&2; exit 1; fi

clean:
	rm -rf $(VENV) .eci
