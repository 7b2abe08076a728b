# tally — build, test, demo and install.
#
#   make demo      run the daemon on the example agreements and drive it with tallyctl
#   make test      the test suite (installs what it needs first)
#   make install   PREFIX=/usr/local DESTDIR=

SHELL        := /bin/bash
.SHELLFLAGS  := -euo pipefail -c
SWIFT        ?= swift
PREFIX       ?= /usr/local
BINDIR       := $(PREFIX)/bin
BUILD_DEBUG  := .build/debug
# Debian packages the build and the tests need (checked with dpkg, installed when missing).
APT_PACKAGES := pkg-config libsystemd-dev libsqlite3-dev sqlite3 systemd
PIP_PACKAGES := varlink

.PHONY: all deps build test test-browser demo clean

all: build

## deps: install missing Debian and Python packages (root, or sudo when available).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@python3 -c 'import varlink' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check $(PIP_PACKAGES)

build: deps
	$(SWIFT) build

## test: every test target (unit tests on real SQLite files, end-to-end tests on the built binaries).
test: deps
	$(SWIFT) build --build-tests
	@# Serially: the end-to-end suites start real daemons and journald and assert 2 s answers, which
	@# 2 cores shared by parallel suites cannot promise; a serial run takes about a minute.
	$(SWIFT) test --skip-build --no-parallel

## test-browser: headless Chromium renders the HTML report to PNG and PDF (Debian package chromium;
## skipped with a message when absent). TALLY_REPORT_ARTIFACTS=DIR keeps the files for a look.
test-browser: deps
	$(SWIFT) build --build-tests
	@# Serially: the end-to-end suites start real daemons and journald and assert 2 s answers, which
	@# 2 cores shared by parallel suites cannot promise; a serial run takes about a minute.
	$(SWIFT) test --skip-build --no-parallel --filter BrowserTests

## demo: the example configuration, a temporary database and socket, a few tallyctl calls.
demo: build
	@bash config/demo.sh "$(BUILD_DEBUG)"

clean:
	rm -rf .build
