# VocalBridge Gateway — the two commands that matter are `make run` and
# `make test`. Everything else is a step of those.
SHELL := /bin/bash
BUILD_DIR ?= build
BUILD_TYPE ?= Release
CONFIG ?= config/vocalbridge.json
JOBS ?= $(shell nproc)
# A Node fetched by scripts/setup.sh (when the system one is too old) comes first.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)

.PHONY: all setup configure build native webapp run run-cluster test test-native test-browser bench bench-cluster asan format clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null

native: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

webapp: setup
	@scripts/build-webapp.sh

build: native webapp

# Build, seed an empty database, start host + in-process mock vendors + dashboard.
run: build
	@mkdir -p var
	$(BUILD_DIR)/bin/vocalbridge --config $(CONFIG) --seed-if-empty

# PostgreSQL (var/pg) + two hosts + HAProxy on :8080; Ctrl-C stops all of it.
run-cluster: build
	@scripts/run-cluster.sh

test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-native: native
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -LE browser

test-browser: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -L browser

bench:
	@bench/run.sh

# turns/s and overhead: SQLite, PostgreSQL with one host, two hosts behind HAProxy.
bench-cluster:
	@bench/cluster.sh

# Unit and integration tests under AddressSanitizer + UBSan.
asan:
	@$(MAKE) --no-print-directory test-native BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_ARGS="-DVB_SANITIZE=ON -DVB_BUILD_BENCH=OFF"

format:
	@git ls-files '*.h' '*.hpp' '*.cpp' '*.c' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-asan
