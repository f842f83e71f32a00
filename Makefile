# Two entry points: `make run` (the tracker with a populated demo) and `make test` (all checks).
PY ?= python3
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck pytest bench clean system-packages

# Each step says what it does and how far along it is (scripts/install-venv.sh; pip's log in .venv).
$(STAMP): pyproject.toml requirements.lock
	@scripts/install-venv.sh $(PY) $(VENV)
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/eci up --demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy --strict config domain store

# The servers and browser the tests start: installed where missing (as root), else named in one line.
system-packages:
	@scripts/test-system-packages.sh

pytest: install system-packages
	$(BIN)/pytest

test: system-packages lint typecheck pytest

# Every bench runs (one failing does not hide the next); any failure fails the target.
bench: install
	failed=; for b in bench/bench_*.py; do $(BIN)/python $$b --quick || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "bench failed:$$failed" >&2; exit 1; fi

clean:
	rm -rf $(VENV) .eci
