# tally — build, test, demo and install.
#
#   make demo      run the daemon on the example agreements and drive it with tallyctl
#   make test      the test suite (installs what it needs first)
#   make stress    the long reliability runs (crash, load), results in benchmarks/STRESS.md
#   make install   PREFIX=/usr/local DESTDIR=
#   make deb       the Debian package (make test-deb: installed, upgraded, removed, purged under systemd)
#   make bench     benchmarks at scale (2,000 agreements, 2 million deliveries); not part of make test
#   make fuzz      libFuzzer on the Varlink, TOML, CSV and feed parsers (FUZZ_SECONDS each; not in make test)

SHELL        := /bin/bash
.SHELLFLAGS  := -euo pipefail -c
SWIFT        ?= swift
PREFIX       ?= /usr/local
BINDIR       := $(PREFIX)/bin
BUILD_DEBUG  := .build/debug
# Debian packages the build needs (checked with dpkg, installed when missing).
APT_PACKAGES := pkg-config libsystemd-dev libsqlite3-dev sqlite3 systemd
# And those only the tests need: chromium and the fonts the HTML report names (Vietnamese included) are
# for BrowserTests, which fail under CI when Chromium is missing; openssl writes the feed server's test CA
# (FeedServer, in Python's http.server), and curl is the fetch benchmark's baseline. msmtp is the sendmail of
# the mail tests, which deliver to an SMTP server on loopback made with PyPI's aiosmtpd (SMTPSink). prometheus
# brings promtool, which checks the metrics textfile (SPEC §11; those tests fail under CI when it is missing).
# LibreOffice converts the acceptance record's .docx and .xlsx (SPEC §12), poppler-utils' pdftotext reads the PDF,
# PyPI's python-docx and openpyxl open them; fonts-liberation2 has the Vietnamese letters 1.07 lacks (ơ, ư, Ộ).
TEST_APT_PACKAGES := chromium fonts-liberation fonts-dejavu-core openssl curl msmtp prometheus \
                     libreoffice-writer libreoffice-calc poppler-utils fonts-liberation2
PIP_PACKAGES := varlink
# make bench and make bench-guard: instruction counts, and the baselines measured beside tally's figures.
BENCH_APT_PACKAGES := valgrind binutils sqlite3 chrony
TEST_PIP_PACKAGES := aiosmtpd python-docx openpyxl

.PHONY: all deps test-deps build test test-browser stress demo bench clean

all: build

## deps: install missing Debian and Python packages (root, or sudo when available).
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"
	@python3 -c 'import varlink' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check $(PIP_PACKAGES)

## test-deps: deps, and what only the tests need.
test-deps: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"
	@python3 -c 'import aiosmtpd, docx, openpyxl' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check $(TEST_PIP_PACKAGES)

.PHONY: apt-install
apt-install:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

# Test targets that start real daemons, journald or a Varlink server and assert 2 s answers, which 2 cores
# shared by parallel suites cannot promise: make test runs them one test at a time, after the others.
SERIAL_TESTS := EndToEndTests|SystemdSupportTests|TallyDaemonTests

## test: every test target (unit tests on real SQLite files, end-to-end tests on the built binaries):
## the unit targets in parallel, then SERIAL_TESTS serially; both runs go on if one fails, and the
## closing `test:` line says how long it took.
test: test-deps
	@start=$$(date +%s); status=0; \
	$(SWIFT) build --build-tests; built=$$(date +%s); \
	$(SWIFT) test --skip-build --skip '^($(SERIAL_TESTS))\.' || status=$$?; parallel=$$(date +%s); \
	$(SWIFT) test --skip-build --no-parallel --filter '^($(SERIAL_TESTS))\.' || status=$$?; end=$$(date +%s); \
	echo "test: $$((end - start)) s (build $$((built - start)) s, parallel $$((parallel - built)) s, serial $$((end - parallel)) s)"; \
	exit $$status

## test-browser: headless Chromium renders the HTML report to PNG and PDF (Debian package chromium, which
## deps installs; skipped with a message when absent, failed under CI=true). TALLY_REPORT_ARTIFACTS=DIR
## keeps the files for a look.
test-browser: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel --filter BrowserTests

## stress: the long reliability runs (issue 6): kill -9 during 20 imports of 20,000 rows and 20 bursts of
## records, then 200 clients × 30 s of mixed Varlink calls. A few minutes; each prints a `stress:` line.
## Their short versions, and the disk-full, journal-gone and permission tests, are in `make test`.
stress: test-deps
	$(SWIFT) build --build-tests
	TALLY_STRESS=1 $(SWIFT) test --skip-build --no-parallel --filter StressTests

## demo: the example configuration, a temporary database and socket, a few tallyctl calls; the signed
## acceptance record's documents are left in DEMO_OUTPUT.
DEMO_OUTPUT ?= demo-output
demo: build
	@bash config/demo.sh "$(BUILD_DEBUG)" "$(DEMO_OUTPUT)"

## bench: release binaries on a generated installation of 2,000 agreements and 2 million deliveries
## (cached in .bench/, gitignored): every row of issue 15's table beside its baseline measured in the same run
## (sqlite3 .import, a private chronyd's chronyc), min / median / max, target, met or not (benchmarks/bench.py;
## up to 20 minutes on 2 cores). BENCH_QUICK=1: fewer runs, no 2 M-row import. BENCH_BIN=DIR: binaries built
## elsewhere; BENCH_BASE_BIN=DIR: "before" columns of another build.
bench: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BENCH_APT_PACKAGES)"
	@bash benchmarks/run.sh

## bench-guard: CI's regression guard (issue 15): callgrind instruction counts of the release tallyd's start,
## a 20,000-row import and a pass, and of `tallyctl status`, on a 100-agreement installation; more than 10 %
## over benchmarks/callgrind-baseline.json fails. Counts, not seconds: the machine's load cannot trip it.
## `python3 benchmarks/callgrind_guard.py .build/release --update` writes a new baseline (commit it, say why).
bench-guard: release
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BENCH_APT_PACKAGES)"
	python3 benchmarks/callgrind_guard.py $(BUILD_RELEASE)

clean:
	rm -rf .build

# ==============================================================================================
# Installation and systemd integration (SPEC §8)
#
#   make install        PREFIX=/usr/local DESTDIR=   release binaries, units, sysusers, tmpfiles,
#                       catalog, completions, man pages, example configuration (never overwritten)
#   make uninstall      removes what install put under PREFIX; /etc/tally and /var/lib/tally stay
#   make verify-units   systemd-analyze verify + security (tallyd ≤ 1.5, tally-fetch ≤ 2.5) on an installed tree
#   make test-systemd   install into a temporary tree, boot systemd in systemd-nspawn, test there
# ==============================================================================================

DESTDIR        ?=
SYSCONFDIR     ?= /etc
# PREFIX=/usr (a package) puts the units where the distribution's systemd.pc says, as its packages do:
# /lib/systemd/system on Debian 12 (dh_installsystemd looks only there), /usr/lib/systemd/system later.
UNITDIR        := $(if $(filter /usr,$(PREFIX)),$(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),/usr/lib/systemd/system),$(PREFIX)/lib/systemd/system)
SYSUSERSDIR    := $(PREFIX)/lib/sysusers.d
TMPFILESDIR    := $(PREFIX)/lib/tmpfiles.d
CATALOGDIR     := $(PREFIX)/lib/systemd/catalog
DATADIR        := $(PREFIX)/share
# tally-fetch, what `tallyctl fetch` runs (it looks beside itself, then in ../libexec/tally).
LIBEXECDIR     := $(PREFIX)/libexec/tally
MAN1DIR        := $(DATADIR)/man/man1
EXAMPLESDIR    := $(DATADIR)/doc/tally/examples
BASHCOMPDIR    := $(DATADIR)/bash-completion/completions
# Debian's zsh reads packages' completions from vendor-completions; site-functions is the admin's (/usr/local).
ZSHCOMPDIR     := $(DATADIR)/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
FISHCOMPDIR    := $(DATADIR)/fish/vendor_completions.d
BUILD_RELEASE  := .build/release
# The Swift runtime and Foundation linked in: the binaries run where no Swift toolchain is.
RELEASE_FLAGS  := -c release --static-swift-stdlib
UNITS          := tallyd.service tallyd.socket tally-report.service tally-report.timer \
                  tally-fetch.service tally-fetch.timer
# generate-manual writes one page per ArgumentParser executable here (debug: what `make build` made).
MANUAL_DIR     := .build/plugins/GenerateManual/outputs
# Debug information and the symbol table out (a crash backtrace then shows addresses only; .build/release
# keeps the unstripped binaries): tallyd 119 MB → 72 MB, tallyctl 94 → 64 MB (--strip-debug: 91 and 80).
STRIP          ?= strip --strip-all
# At most this exposure (×10) from `systemd-analyze security` per service: 1.5 for the daemon and the
# reports (no network), 2.5 for the fetcher, which needs the network and so cannot have PrivateNetwork=.
SECURITY_MAX   := tallyd.service=15 tally-report.service=15 tally-fetch.service=25

.PHONY: release manual install install-bin install-data install-config uninstall \
        verify-units test-systemd deps-systemd

## release: statically linked release binaries, checked to need no libswift*.so at run time.
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product tallyd
	$(SWIFT) build $(RELEASE_FLAGS) --product tallyctl
	$(SWIFT) build $(RELEASE_FLAGS) --product tally-fetch
	@for b in tallyd tallyctl tally-fetch; do \
	  if env -i LD_LIBRARY_PATH= ldd $(BUILD_RELEASE)/$$b | grep 'libswift\|libFoundation\|libdispatch\|not found' >/dev/null; then \
	    echo "$(BUILD_RELEASE)/$$b still needs the Swift runtime:"; env -i LD_LIBRARY_PATH= ldd $(BUILD_RELEASE)/$$b; exit 1; \
	  fi; \
	done; echo "release: tallyd, tallyctl and tally-fetch need no Swift runtime library"

## manual: tallyctl.1 (and tallyd.1) from swift-argument-parser's GenerateManual plugin.
manual: deps
	$(SWIFT) package plugin generate-manual --configuration debug >/dev/null
	@test -s $(MANUAL_DIR)/tallyctl/tallyctl.1

install: install-bin install-data install-config
	@if [ -z "$(DESTDIR)" ]; then \
	  systemd-sysusers tally.conf; \
	  systemd-tmpfiles --create tally.conf; \
	  journalctl --update-catalog; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  echo "installed. Start with: systemctl enable --now tallyd.socket tally-report.timer tally-fetch.timer"; \
	fi

install-bin: release
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD_RELEASE)/tallyd $(BUILD_RELEASE)/tallyctl $(DESTDIR)$(BINDIR)/
	$(STRIP) $(DESTDIR)$(BINDIR)/tallyd $(DESTDIR)$(BINDIR)/tallyctl
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 0755 $(BUILD_RELEASE)/tally-fetch $(DESTDIR)$(LIBEXECDIR)/
	$(STRIP) $(DESTDIR)$(LIBEXECDIR)/tally-fetch

install-data: release manual
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(CATALOGDIR) \
	  $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	@for u in $(UNITS); do \
	  echo "systemd/$$u -> $(DESTDIR)$(UNITDIR)/$$u (@bindir@ = $(BINDIR))"; \
	  sed 's|@bindir@|$(BINDIR)|g' systemd/$$u > $(DESTDIR)$(UNITDIR)/$$u; chmod 0644 $(DESTDIR)$(UNITDIR)/$$u; \
	done
	install -m 0644 systemd/tally.sysusers $(DESTDIR)$(SYSUSERSDIR)/tally.conf
	install -m 0644 systemd/tally.tmpfiles $(DESTDIR)$(TMPFILESDIR)/tally.conf
	install -m 0644 systemd/tally.catalog $(DESTDIR)$(CATALOGDIR)/tally.catalog
# Completion scripts are sourced, never run: no #! line (lintian: bash-completion-with-hashbang).
	$(BUILD_RELEASE)/tallyctl --generate-completion-script bash | sed '1{/^#!/d}' > $(DESTDIR)$(BASHCOMPDIR)/tallyctl
	$(BUILD_RELEASE)/tallyctl --generate-completion-script zsh > $(DESTDIR)$(ZSHCOMPDIR)/_tallyctl
	$(BUILD_RELEASE)/tallyctl --generate-completion-script fish > $(DESTDIR)$(FISHCOMPDIR)/tallyctl.fish
# GenerateManual separates paragraphs with empty lines, which groff warns about: .Pp is mdoc's break.
# tally-fetch has no page of its own: tallyctl.1 describes `tallyctl fetch`.
	for page in $(MANUAL_DIR)/tallyctl/*.1 $(MANUAL_DIR)/tallyd/*.1; do sed 's/^$$/.Pp/' "$$page" > $(DESTDIR)$(MAN1DIR)/$$(basename "$$page"); \
	  chmod 0644 $(DESTDIR)$(MAN1DIR)/$$(basename "$$page"); done

## install-config: the example configuration, only where none is installed yet.
install-config:
	install -d $(DESTDIR)$(EXAMPLESDIR)/agreements.d $(DESTDIR)$(EXAMPLESDIR)/mail $(DESTDIR)$(SYSCONFDIR)/tally
	install -m 0644 config/tally.toml config/*.csv $(DESTDIR)$(EXAMPLESDIR)/
	install -m 0644 config/agreements.d/*.toml $(DESTDIR)$(EXAMPLESDIR)/agreements.d/
	install -m 0644 config/mail/msmtp.conf $(DESTDIR)$(EXAMPLESDIR)/mail/
	@if [ -f config/tally.toml ]; then \
	  if [ -e $(DESTDIR)$(SYSCONFDIR)/tally/tally.toml ]; then \
	    echo "keeping $(DESTDIR)$(SYSCONFDIR)/tally/tally.toml (new example: $(EXAMPLESDIR)/tally.toml)"; \
	  else install -v -m 0644 config/tally.toml $(DESTDIR)$(SYSCONFDIR)/tally/tally.toml; fi; \
	fi
	@if [ -d config/agreements.d ]; then \
	  if [ -e $(DESTDIR)$(SYSCONFDIR)/tally/agreements.d ]; then \
	    echo "keeping $(DESTDIR)$(SYSCONFDIR)/tally/agreements.d (examples: $(EXAMPLESDIR)/agreements.d)"; \
	  else \
	    install -d $(DESTDIR)$(SYSCONFDIR)/tally/agreements.d; \
	    for f in config/agreements.d/*.toml; do install -v -m 0644 "$$f" $(DESTDIR)$(SYSCONFDIR)/tally/agreements.d/; done; \
	  fi; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tallyd $(DESTDIR)$(BINDIR)/tallyctl $(DESTDIR)$(LIBEXECDIR)/tally-fetch
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	for u in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	rm -f $(DESTDIR)$(SYSUSERSDIR)/tally.conf $(DESTDIR)$(TMPFILESDIR)/tally.conf $(DESTDIR)$(CATALOGDIR)/tally.catalog
	rm -f $(DESTDIR)$(BASHCOMPDIR)/tallyctl $(DESTDIR)$(ZSHCOMPDIR)/_tallyctl $(DESTDIR)$(FISHCOMPDIR)/tallyctl.fish
	rm -f $(DESTDIR)$(MAN1DIR)/tallyctl.1 $(DESTDIR)$(MAN1DIR)/tallyd.1
	rm -rf $(DESTDIR)$(DATADIR)/doc/tally
	@if [ -z "$(DESTDIR)" ]; then \
	  journalctl --update-catalog; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	fi
	@echo "left in place: $(DESTDIR)$(SYSCONFDIR)/tally (configuration), /var/lib/tally (database, reports), users tally and tally-editors, group tally-fetch"

## verify-units: `systemd-analyze verify` (clean) and `security` (SECURITY_MAX) on the installed units.
## With DESTDIR, checks that tree; without, installs into a temporary one first.
verify-units:
	@if [ -n "$(DESTDIR)" ]; then D="$(DESTDIR)"; \
	else D=$$(mktemp -d /tmp/tally-verify.XXXXXX); trap 'rm -rf "$$D"' EXIT; \
	  $(MAKE) --no-print-directory install DESTDIR="$$D" >/dev/null; fi; \
	CATALOGDIR="$(CATALOGDIR)" bash systemd/verify-units.sh "$$D" "$(UNITDIR)" "$(SECURITY_MAX)" $(UNITS)

# msmtp: the container test mails a report through tally-report.service with the msmtp drop-in.
deps-systemd: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="systemd-container msmtp"

## test-systemd: the installed package under a real systemd (PID 1 in systemd-nspawn); root only.
test-systemd: deps-systemd
	@D=$$(mktemp -d /tmp/tally-destdir.XXXXXX); trap 'rm -rf "$$D"' EXIT; \
	$(MAKE) --no-print-directory install DESTDIR="$$D" PREFIX=/usr/local; \
	$(MAKE) --no-print-directory verify-units DESTDIR="$$D" PREFIX=/usr/local; \
	bash systemd/test-in-container.sh "$$D"

# ==============================================================================================
# Debian package
#
#   make deb        tally_$(DEB_VERSION)_$(DEB_ARCH).deb here: `make install PREFIX=/usr` into
#                   $(DEB_DIR)/tree, packaged by debian/build-deb.sh; lintian errors fail it
#   make test-deb   apt installs it, a second version over it, removes and purges it, in a container
#                   booting systemd (debian/test-deb.sh); root only
# ==============================================================================================

# The version is the string `tallyctl --version` prints (CommandLineProgram.version); build-deb.sh checks that
# the built tallyd and tallyctl and debian/changelog say the same. DEB_VERSION= packages the same tree as another version.
VERSION        := $(shell sed -n 's/^ *public static let version = "\([^"]*\)"$$/\1/p' Sources/TallyCommandLine/CommandLineProgram.swift)
DEB_VERSION    ?= $(VERSION)
DEB_ARCH       := $(shell dpkg --print-architecture 2>/dev/null)
DEB_DIR        := .build/deb
DEB_FILE        = tally_$(DEB_VERSION)_$(DEB_ARCH).deb

.PHONY: deb deb-tree test-deb deps-deb

deps-deb: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="dpkg-dev lintian"

deb-tree: deps-deb
	rm -rf $(DEB_DIR)/tree
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(DEB_DIR)/tree PREFIX=/usr

## deb: the package from the release build; `apt install ./$(DEB_FILE)` installs it.
deb: deb-tree
	@start=$$(date +%s); \
	bash debian/build-deb.sh $(DEB_DIR)/tree . $(DEB_VERSION); built=$$(date +%s); \
	lintian --fail-on error $(DEB_FILE); end=$$(date +%s); \
	echo "deb: $(DEB_FILE), $$(du -m $(DEB_FILE) | cut -f1) MB (dpkg-deb $$((built - start)) s, lintian $$((end - built)) s)"

## test-deb: the package of make deb and a second one of the same tree (DEB_VERSION+test1, an upgrade)
## through install, upgrade, remove and purge under a real systemd.
## The second package is gzip'ed: it is for this test only, and xz takes two minutes for the first.
test-deb: deb deps-systemd
	$(MAKE) --no-print-directory verify-units DESTDIR=$(CURDIR)/$(DEB_DIR)/tree PREFIX=/usr
	DPKG_DEB_COMPRESSOR_TYPE=gzip bash debian/build-deb.sh $(DEB_DIR)/tree $(DEB_DIR) $(DEB_VERSION)+test1 >/dev/null
	bash debian/test-deb.sh $(DEB_FILE) $(DEB_DIR)/tally_$(DEB_VERSION)+test1_$(DEB_ARCH).deb

# ==============================================================================================
# Fuzzing (issue 6): libFuzzer + AddressSanitizer on what reads untrusted input. A separate package
# (fuzz/Package.swift) so the sanitizer flags never reach the main build. See fuzz/README.md.
# ==============================================================================================

FUZZ_TARGETS ?= varlink config csv feed
FUZZ_SECONDS ?= 600

.PHONY: fuzz fuzz-build

fuzz-build:
	cd fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address

## fuzz: each target FUZZ_SECONDS (one after another: they are CPU-bound), the corpus merged into
## fuzz/corpus/TARGET; fails on the first crash, leaving its input in fuzz/artifacts/TARGET/.
fuzz: fuzz-build
	for t in $(FUZZ_TARGETS); do bash fuzz/run.sh $$t $(FUZZ_SECONDS); done
