# Hedgebook — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export OPENBLAS_NUM_THREADS ?= 1
SWIFT ?= swift
BOOK ?= fixtures/books/ai-infra-thesis.yaml
MARKET ?= fixtures/market/snapshot-2026-08-03.yaml
BIN = .build/release/hedgebook

.PHONY: deps build demo test bench clean

# Installs the C libraries (Debian -dev packages) when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists openblas lapacke 2>/dev/null; then \
	  echo "Installing libopenblas-dev liblapacke-dev pkg-config with apt-get…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas-dev liblapacke-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product hedgebook

# The main job on the bundled example book.
demo: build
	$(BIN) check $(BOOK) $(MARKET) scenarios
	$(BIN) exposure $(BOOK) --market $(MARKET)
	@if $(BIN) help payoff >/dev/null 2>&1; then $(BIN) payoff $(BOOK) --market $(MARKET); fi
	@if $(BIN) help stress >/dev/null 2>&1; then $(BIN) stress $(BOOK) --market $(MARKET) --scenarios scenarios; fi

# All tests, single-threaded BLAS (timings on 2 vCPUs are unreliable with 2 threads).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

bench: build
	@if [ -x Benchmarks/run.sh ]; then Benchmarks/run.sh; else echo "no benchmarks yet"; fi

clean:
	rm -rf .build
