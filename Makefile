# KPI Tree — build, run, test and package.
#   make run              install system packages if missing, build, open the sample workspace
#   make test             everything CI runs: deps, go vet, headless tests (also with the system fonts
#                         hidden), race detector, cgo build, Xvfb smoke test, the Windows check under Wine
#   make package          a Linux release package (tar.xz) built with fyne.io/tools
#   make package-windows  the Windows zip: kpitree.exe (GUI), kpitreectl.exe, licences, README EN/JA
#   make test-windows     cross-build for Windows, compare the CLI round under Wine with Linux, GUI smoke
#   make release          every artefact in bin/dist with SHA-256 sums, versioned from the git tag
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
BIN     := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Evaluated once: the Windows packaging writes files into the tree for a moment,
# which must not turn the version of later artefacts into "-dirty".
VERSION := $(VERSION)
LDFLAGS := -X main.version=$(VERSION)
# The package version must be x.y.z: taken from a vX.Y.Z tag, else 0.1.0.
APP_VERSION := $(or $(shell echo $(VERSION) | grep -oE '^v?[0-9]+\.[0-9]+(\.[0-9]+)?' | sed 's/^v//'),0.1.0)
# The build number: commits since the start, so every release build differs.
APP_BUILD   := $(or $(shell git rev-list --count HEAD 2>/dev/null),1)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
UNAME   := $(shell uname -s)
# The sample workspace lives with the user's other app data (the app's own
# default too: XDG on Linux, Application Support on macOS); the app creates
# it from the embedded template and sample data on first run.
ifeq ($(UNAME),Darwin)
SAMPLE  ?= $(HOME)/Library/Application Support/KPI Tree/sample.kpitree
else
SAMPLE  ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/kpitree/sample.kpitree
endif

# Debian/Ubuntu packages: the C toolchain and GL/X11 headers for Fyne's cgo
# build, Xvfb + ImageMagick for the screen smoke test.
BUILD_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
              libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS  := xvfb x11-utils imagemagick postgresql mariadb-server chromium poppler-utils
# Windows: cross-built with mingw-w64 and zipped; checked under Wine, whose
# window draws through Mesa's software OpenGL.
WIN_PKGS   := gcc-mingw-w64-x86-64 zip
WINE_PKGS  := wine wine64 libgl1-mesa-dri
WIN_CC     := x86_64-w64-mingw32-gcc
WIN_NAME   := kpitree-$(VERSION)-windows-amd64
WIN_STAGE  := $(BIN)/windows/$(WIN_NAME)
DIST       := $(BIN)/dist

.PHONY: help deps test-deps win-deps wine-deps build cli run test vet test-go test-nofonts test-race smoke \
        bench package package-windows test-windows release clean-bin

help:
	@sed -n 's/^#   //p' Makefile

# deps installs only what is missing, so repeated runs cost nothing. On macOS
# there is no apt: the Xcode command-line tools (xcode-select --install)
# provide the C compiler and OpenGL.
deps:
ifeq ($(UNAME),Darwin)
	@xcode-select -p >/dev/null 2>&1 || { echo "Install the Xcode command-line tools first: xcode-select --install"; exit 1; }
else
	@bash .ci/apt-install $(BUILD_PKGS)
endif
	@command -v $(GO) >/dev/null || { echo "Go is not installed: install Go >= 1.21 (it fetches the toolchain go.mod asks for), e.g. '$(SUDO) apt-get install -y golang-go' on Ubuntu 24.04"; exit 1; }

test-deps: deps
	@bash .ci/apt-install $(TEST_PKGS)

win-deps:
	@bash .ci/apt-install $(WIN_PKGS)

wine-deps: test-deps win-deps
	@bash .ci/apt-install $(WINE_PKGS)

# FyneApp.toml declares [Migrations] fyneDo = true (every UI update from a
# goroutine goes through fyne.Do, app/ui/uikit's one path), and `fyne package`
# (make package, the Windows build) then adds the tag migrated_fynedo, which
# drops Fyne's per-call thread checks. make build passes the same tag so the
# binary smoke-tested here is the one shipped; the tests (-tags ci, and the
# race run) build without it, keeping Fyne's checks on where misuse shows.
FYNE_TAGS := migrated_fynedo

build: deps
	$(GO) build -tags $(FYNE_TAGS) -ldflags "$(LDFLAGS)" -o $(BIN)/kpitree ./cmd/kpitree
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kpitreectl ./cmd/kpitreectl

cli:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kpitreectl ./cmd/kpitreectl

run: build
	$(BIN)/kpitree --workspace "$(SAMPLE)"

vet:
	CGO_ENABLED=0 $(GO) vet -tags ci ./...
	CGO_ENABLED=0 GOOS=windows $(GO) vet -tags ci ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# The fast headless suite: no C toolchain, no display (Fyne's software test driver).
test-go:
	KPITREE_REQUIRE_DB=1 KPITREE_REQUIRE_BROWSER=1 CGO_ENABLED=0 LANG=en_US.UTF-8 $(GO) test -tags ci -count=1 ./...

# The headless suite again with the system's fonts hidden, as on a fresh
# machine (no CJK font): a test that measures text with a system font
# instead of the app's embedded one fails here. Needs root for a private
# mount namespace; skipped with a note otherwise.
test-nofonts:
	@if [ "$$(id -u)" = 0 ] && command -v unshare >/dev/null && [ -d /usr/share/fonts ]; then \
	  echo "headless suite with /usr/share/fonts hidden:"; \
	  unshare -m sh -c 'mount -t tmpfs none /usr/share/fonts && { [ ! -d /usr/local/share/fonts ] || mount -t tmpfs none /usr/local/share/fonts; } && \
	    CGO_ENABLED=0 LANG=en_US.UTF-8 $(GO) test -tags ci -count=1 ./...'; \
	else echo "test-nofonts: skipped (needs root and unshare to hide the system fonts)"; fi

# The race detector over the packages that run work on goroutines: the UI
# (jobs, panes, the shell) and the workspace (simulation workers).
test-race: deps
	CGO_ENABLED=1 LANG=en_US.UTF-8 $(GO) test -race -tags ci -count=1 ./app/ui/ ./app/workspace/ ./app/chart/ ./cmd/kpitree/

smoke: build test-deps
	bash .ci/smoke $(BIN)/kpitree

# The Windows check: cross-builds the release zip's binaries, runs the
# README's CLI planning round natively and under Wine and compares every
# output byte for byte (timestamps aside), then starts the GUI under Wine
# in English and Japanese and fails on a missing or blank window.
test-windows: package-windows cli wine-deps
	bash .ci/windows-check $(WIN_STAGE) $(BIN)/kpitreectl $(BIN)/windows-check

test: test-deps vet test-go test-nofonts test-race smoke test-windows
	@echo "make test: all checks passed"

bench:
	CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench . -benchmem ./...

FYNE := $(shell $(GO) env GOPATH)/bin/fyne
$(FYNE):
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4

# fyne package --src would recompile all cgo code; package the binary we
# built. It reads FyneApp.toml (name, id, icon) at the module root and writes
# kpitree.tar.xz there (binary, desktop entry, icon, install Makefile).
package: build $(FYNE)
	$(FYNE) package -os linux --executable $(BIN)/kpitree --name kpitree --app-version $(APP_VERSION)
	mv kpitree.tar.xz $(BIN)/
	@ls -l $(BIN)/kpitree.tar.xz

# fyne package -os windows always rebuilds from source (--src), reads no
# FyneApp.toml then, and embeds icon, version info and manifest; GOFLAGS
# carries our -ldflags (it adds -H=windowsgui itself). It sets its own C
# flags, so this is the one Windows GUI build: the check runs this binary.
package-windows: win-deps $(FYNE)
	rm -rf $(WIN_STAGE) $(BIN)/windows/*.zip cmd/kpitree/kpitree.exe
	mkdir -p $(WIN_STAGE)/licenses
	CC=$(WIN_CC) GOARCH=amd64 GOFLAGS="-ldflags=-X=main.version=$(VERSION)" \
	  $(FYNE) package -os windows --src cmd/kpitree --name kpitree --icon $(CURDIR)/assets/icon.png \
	  --app-id io.kpitree.app --app-version $(APP_VERSION) --app-build $(APP_BUILD)
	mv cmd/kpitree/kpitree.exe $(WIN_STAGE)/kpitree.exe
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -ldflags "$(LDFLAGS)" -o $(WIN_STAGE)/kpitreectl.exe ./cmd/kpitreectl
	cp docs/windows/README-en.txt docs/windows/README-ja.txt $(WIN_STAGE)/
	bash .ci/licenses $(WIN_STAGE)/licenses $(WIN_STAGE)/kpitree.exe $(WIN_STAGE)/kpitreectl.exe
	cd $(BIN)/windows && rm -f $(WIN_NAME).zip && zip -qr $(WIN_NAME).zip $(WIN_NAME)
	@ls -l $(BIN)/windows/$(WIN_NAME).zip

# CLI_TARGETS: the command line for every desktop OS (pure Go, no cgo); the
# macOS app itself needs a Mac to build (see README).
CLI_TARGETS := linux/amd64 windows/amd64 darwin/amd64 darwin/arm64

# release: every artefact named with the version from the tag (git tag
# v1.2.3 first), and SHA256SUMS over them all.
release: package package-windows
	rm -rf $(DIST) && mkdir -p $(DIST)
	cp $(BIN)/kpitree.tar.xz $(DIST)/kpitree-$(VERSION)-linux-amd64.tar.xz
	cp $(BIN)/windows/$(WIN_NAME).zip $(DIST)/
	@for t in $(CLI_TARGETS); do \
	  os=$${t%/*}; arch=$${t#*/}; ext=""; [ $$os = windows ] && ext=.exe; \
	  echo "kpitreectl $$os/$$arch"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "$(LDFLAGS)" \
	    -o $(DIST)/kpitreectl-$(VERSION)-$$os-$$arch$$ext ./cmd/kpitreectl; \
	done
	cd $(DIST) && sha256sum * > SHA256SUMS && cat SHA256SUMS

clean-bin:
	rm -rf $(BIN)
