# Hedgebook — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export OPENBLAS_NUM_THREADS ?= 1
SWIFT ?= swift
BIN = .build/release/hedgebook

.PHONY: deps test-deps spark-deps build demo test bench fuzz fuzz-build clean

# Installs the C libraries (Debian -dev packages) when pkg-config cannot find them: OpenBLAS/LAPACKE, SQLite
# (libsqlite3-dev: the risk-history database's engine, GRDB links the system library) and COIN-OR CLP (the hedge
# optimiser's LP solver, module CClp).
deps:
	@if ! pkg-config --exists openblas lapacke sqlite3 2>/dev/null; then \
	  echo "Installing libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config; \
	fi
	@if ! pkg-config --exists clp 2>/dev/null; then \
	  echo "Installing coinor-libclp-dev (COIN-OR CLP) with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq coinor-libclp-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product hedgebook

# The main job on the bundled workspace (hedgebook.yaml: the thesis book, its snapshot, scenarios/ and the price
# history root ../shared/data): validate, exposure, hedge payoffs, stress, and the full HTML report. Every command reads
# the same workspace, so their numbers agree. When the history root is absent, history-driven sections are skipped
# with a note.
REPORT ?= reports/ai-infra-thesis
demo: build
	$(BIN) check
	$(BIN) exposure
	$(BIN) payoff
	$(BIN) stress
	$(BIN) hedge --budget 3 --replace MU-P-2027-01
	$(BIN) report --out $(REPORT)
	@echo "Full report: $(REPORT)/index.html (summary: $(REPORT)/summary.md)"

# All tests, single-threaded BLAS (Documentation/testing.md; no test times code, see `make bench`).
# Headless Chromium renders the report in one test; installed from Debian's packages where possible (the test is
# reported as skipped, with its reason, otherwise).
test-deps: deps spark-deps
	@command -v chromium >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || echo "note: could not install chromium; the report rendering test will be skipped"; }

# pyspark (+ numpy for the synthetic workspace) for the Spark test and bench rows (issue 20, tools/spark/), in a
# virtualenv outside the clone so that fresh clones (.ci/run) reuse it: installed once (a few hundred MB), best-effort —
# without it, or without Java 17, the Spark test is reported as skipped with its reason.
SPARK_VENV ?= $(HOME)/.cache/hedgebook/venv-spark
export HEDGEBOOK_SPARK_VENV = $(SPARK_VENV)
spark-deps:
	@if [ ! -f "$(SPARK_VENV)/.installed" ]; then \
	  echo "Installing pyspark and numpy into $(SPARK_VENV) (once)…"; \
	  { python3 -m venv "$(SPARK_VENV)" && "$(SPARK_VENV)/bin/pip" install -q pyspark numpy && touch "$(SPARK_VENV)/.installed"; } \
	    || echo "note: could not install pyspark; the Spark test will be skipped"; \
	fi

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

bench: build
	@if [ -x Benchmarks/run.sh ]; then Benchmarks/run.sh; else echo "no benchmarks yet"; fi

# libFuzzer targets (Fuzz/README.md): the YAML loaders, the CSV price readers, the `price` JSON input and the scenario
# resolver, built with -sanitize=fuzzer,address into .build-fuzz (the toolchain ships libFuzzer; nothing to install
# beyond `make deps`). Each target runs FUZZ_SECONDS (or SECONDS) seconds from Fuzz/corpus/<target>; the summary
# gives executions and findings (crash, trap, hang > 5 s, out-of-memory > 2 GB) per target; exit 1 on any finding.
# One target: `make fuzz FUZZ_TARGETS=csv`.
SECONDS ?= 60
FUZZ_SECONDS ?= $(SECONDS)
FUZZ_TARGETS ?=
fuzz: deps
	tools/fuzz.sh run --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: deps
	tools/fuzz.sh build

clean:
	rm -rf .build .build-fuzz
