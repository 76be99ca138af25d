# Hedgebook — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export OPENBLAS_NUM_THREADS ?= 1
SWIFT ?= swift
BOOK ?= fixtures/books/ai-infra-thesis.yaml
MARKET ?= fixtures/market/snapshot-2026-08-03.yaml
BIN = .build/release/hedgebook

.PHONY: deps test-deps build demo test bench clean

# Installs the C libraries (Debian -dev packages) when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists openblas lapacke 2>/dev/null; then \
	  echo "Installing libopenblas-dev liblapacke-dev pkg-config with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas-dev liblapacke-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product hedgebook

# The main job on the bundled example book: validate, exposure, hedge payoffs, stress, and the full HTML report.
# Real price history (DATA, default ../shared/data) feeds the stress covariance, risk and backtest when present.
DATA ?= ../shared/data
REPORT ?= reports/ai-infra-thesis
demo: build
	$(BIN) check $(BOOK) $(MARKET) scenarios
	$(BIN) exposure $(BOOK) --market $(MARKET)
	$(BIN) payoff $(BOOK) --market $(MARKET) $(if $(wildcard $(DATA)/adjclose_to_2026),--roll-history $(DATA)/adjclose_to_2026,)
	$(BIN) stress $(BOOK) --market $(MARKET) --scenarios scenarios --top 10 $(if $(wildcard $(DATA)/adjclose_to_2026),--prices $(DATA)/adjclose_to_2026 $(DATA)/hk_2009_2025 $(DATA)/ohlcv_dividends_to_2026,)
	$(BIN) report $(BOOK) --market $(MARKET) --scenarios scenarios $(if $(wildcard $(DATA)/adjclose_to_2026),--data $(DATA),) --out $(REPORT)
	@echo "Full report: $(REPORT)/index.html (summary: $(REPORT)/summary.md)"

# All tests, single-threaded BLAS (Documentation/testing.md; no test times code, see `make bench`).
# Headless Chromium renders the report in one test; installed from Debian's packages where possible (the test is
# reported as skipped, with its reason, otherwise).
test-deps: deps
	@command -v chromium >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || echo "note: could not install chromium; the report rendering test will be skipped"; }

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

bench: build
	@if [ -x Benchmarks/run.sh ]; then Benchmarks/run.sh; else echo "no benchmarks yet"; fi

clean:
	rm -rf .build
