# Borne — the README's two commands: `make run` and `make test`.
# Both install the Debian packages they need when missing (apt-get as root,
# sudo otherwise), so a fresh Debian 12 machine with Swift needs nothing else.

SHELL := /bin/bash
DEB_PACKAGES := libncurses-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev \
                libqrencode-dev zlib1g-dev pkg-config tmux unifont
# Only the tests need these: a real nginx on loopback (content server, stats
# collector), zbarimg to read back the QR codes the kiosk draws, pdftoppm to
# render the hike sheets, lintian and dpkg-dev for the .deb, systemd for
# `systemd-analyze verify` of the units (it needs no running systemd),
# openssl for the collector's htpasswd, python3 and pip for the peers,
# setfont (kbd) for borne console-font.
TEST_PACKAGES := nginx-light zbar-tools poppler-utils libreoffice-calc-nogui lintian dpkg-dev systemd openssl python3 python3-pip kbd binutils gdb
# Peer implementations from PyPI the tests compare with, pinned, installed
# into a project-local folder (no Python environment touched, PEP 668-safe);
# Tests/BorneCoreTests/PythonPeer.swift puts it on PYTHONPATH. PyPI is needed
# once, at the first `make test`.
PEER_PYPI := opening-hours-py==2.1.4 gpxpy==1.6.2
PEER_SITE := .peer-site
# STRICT=1 (CI, .ci/run): a skipped test fails the run, as a failed one does.
# FILTER=Module.Class runs only those tests (swift test --filter).
STRICT ?= 0
TEST_LOG := .build/test-output.txt
CONFIG ?= kiosk-config/vic-sur-cere.json
CONTENT ?= content
DATA_DIR ?= data/dev
SWIFT_FLAGS ?=

.PHONY: run test build release deb deps test-deps install-packages bench clean field-test field-test-vm

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES) $(TEST_PACKAGES)"
	@PYTHONPATH=$(PEER_SITE) python3 -c 'import sys; from importlib.metadata import version as v; sys.exit(any(v(p.split("==")[0]) != p.split("==")[1] for p in sys.argv[1:]))' $(PEER_PYPI) 2>/dev/null \
	  || python3 -m pip install -q --disable-pip-version-check --upgrade --target $(PEER_SITE) $(PEER_PYPI)

install-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build $(SWIFT_FLAGS)

release: deps
	swift build -c release $(SWIFT_FLAGS)

run: build
	@mkdir -p $(DATA_DIR)
	$$(swift build $(SWIFT_FLAGS) --show-bin-path)/borne kiosk --config $(CONFIG) --content $(CONTENT) --data-dir $(DATA_DIR)

# The output is kept in $(TEST_LOG); with STRICT=1 any "Test Case ... skipped"
# in it fails the run after the suite, listing the skipped tests and why.
test: test-deps
	swift build $(SWIFT_FLAGS)
	@if [ "$(STRICT)" = 1 ] && [ -n "$$UPDATE_SNAPSHOTS" ]; then \
	  echo "STRICT=1 with UPDATE_SNAPSHOTS set: snapshot tests would rewrite their golden files and pass; unset it"; exit 1; fi
	@mkdir -p .build; set -o pipefail; \
	BORNE_STRICT_TESTS=$(STRICT) \
	  swift test $(SWIFT_FLAGS) $(if $(FILTER),--filter $(FILTER)) 2>&1 | tee $(TEST_LOG); status=$$?; \
	skipped=$$(grep -E "^Test Case '.*' skipped|: Test skipped|Test .*\) skipped" $(TEST_LOG) || true); \
	if [ -n "$$skipped" ]; then \
	  echo; echo "Skipped tests:"; echo "$$skipped"; \
	  if [ "$(STRICT)" = 1 ]; then echo "STRICT=1: a skipped test is a failed test (see above for why each skipped)."; exit 1; fi; \
	fi; \
	exit $$status

# borne_VERSION_ARCH.deb in the current directory: the release binary with the
# Swift runtime linked in (the kiosk has no Swift toolchain), units, udev rule,
# kiosk configs, borne(1). Checked with lintian when it is installed.
DEB_OUT ?= .
deb: deps
	swift build -c release --static-swift-stdlib $(SWIFT_FLAGS)
	@deb=$$(deploy/deb/build-deb.sh --binary "$$(swift build -c release --static-swift-stdlib $(SWIFT_FLAGS) --show-bin-path)/borne" --out $(DEB_OUT)) && \
	  echo "$$deb" && \
	  if command -v lintian >/dev/null; then lintian --fail-on error "$$deb"; else echo "(lintian not installed: apt-get install lintian)"; fi

# The .deb under a real systemd (PID 1 in systemd-nspawn), on the host's
# /dev/tty1: deploy/field-test/run.sh, results in a /tmp/borne-field-* dir.
# Root only. Cached in FIELD_CACHE between runs (CI clones afresh): the
# Debian 12 tree and the release build (README, « The field test »).
FIELD_CACHE ?= /var/tmp/borne-field
FIELD_BUILD = swift build -c release --static-swift-stdlib --scratch-path $(FIELD_CACHE)/build $(SWIFT_FLAGS)
field-test: deps
	@mkdir -p .build/field $(FIELD_CACHE)
	@# The base tree (debootstrap, minutes the first time) is made while the release build runs.
	@deploy/field-test/base.sh $(FIELD_CACHE) > .build/field/base.txt 2>&1 &
	$(FIELD_BUILD)
	@# gzip, not xz: this .deb is only installed by the test (make deb keeps xz).
	DEB_COMPRESSION=gzip deploy/deb/build-deb.sh --binary "$$($(FIELD_BUILD) --show-bin-path)/borne" --out .build/field > .build/field/deb.txt
	CACHE=$(FIELD_CACHE) deploy/field-test/run.sh "$$(tail -1 .build/field/deb.txt)"

# The USB stick through udev, in a QEMU VM (TCG): not in .ci/run (minutes).
field-test-vm: deps
	@mkdir -p .build/field $(FIELD_CACHE)
	$(FIELD_BUILD)
	DEB_COMPRESSION=gzip deploy/deb/build-deb.sh --binary "$$($(FIELD_BUILD) --show-bin-path)/borne" --out .build/field > .build/field/deb.txt
	CACHE=$(FIELD_CACHE) deploy/field-test/vm.sh "$$(tail -1 .build/field/deb.txt)"

# bench/run.sh builds the binary it measures (linked as the .deb's) and runs every part.
bench: deps
	bench/run.sh

clean:
	rm -rf .build data $(PEER_SITE)
