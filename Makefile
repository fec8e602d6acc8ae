# KPI Tree — build, run, test and package.
#   make run      install system packages if missing, build, open the sample workspace
#   make test     everything CI runs: deps, go vet, headless tests, race detector, cgo build, Xvfb smoke test
#   make package  a Linux release package (tar.xz) built with fyne.io/tools
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
BIN     := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# The package version must be x.y.z: taken from a vX.Y.Z tag, else 0.1.0.
APP_VERSION := $(or $(shell echo $(VERSION) | grep -oE '^v?[0-9]+\.[0-9]+(\.[0-9]+)?' | sed 's/^v//'),0.1.0)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The sample workspace lives with the user's other app data; the app creates it
# from the embedded template and sample data on first run.
SAMPLE  ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/kpitree/sample.kpitree

# Debian/Ubuntu packages: the C toolchain and GL/X11 headers for Fyne's cgo
# build, Xvfb + ImageMagick for the screen smoke test.
BUILD_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
              libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS  := xvfb x11-utils imagemagick postgresql mariadb-server

.PHONY: help deps test-deps build cli run test vet test-go test-race smoke bench package clean-bin

help:
	@sed -n 's/^#   //p' Makefile

# deps installs only what is missing, so repeated runs cost nothing.
deps:
	@bash .ci/apt-install $(BUILD_PKGS)
	@command -v $(GO) >/dev/null || { echo "Go is not installed: install Go >= 1.21 (it fetches the toolchain go.mod asks for), e.g. '$(SUDO) apt-get install -y golang-go' on Ubuntu 24.04"; exit 1; }

test-deps: deps
	@bash .ci/apt-install $(TEST_PKGS)

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kpitree ./cmd/kpitree
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kpitreectl ./cmd/kpitreectl

cli:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kpitreectl ./cmd/kpitreectl

run: build
	$(BIN)/kpitree --workspace "$(SAMPLE)"

vet:
	CGO_ENABLED=0 $(GO) vet -tags ci ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# The fast headless suite: no C toolchain, no display (Fyne's software test driver).
test-go:
	CGO_ENABLED=0 LANG=en_US.UTF-8 $(GO) test -tags ci -count=1 ./...

# The race detector over the packages that run work on goroutines: the UI
# (jobs, panes, the shell) and the workspace (simulation workers).
test-race: deps
	CGO_ENABLED=1 LANG=en_US.UTF-8 $(GO) test -race -tags ci -count=1 ./app/ui/ ./app/workspace/ ./app/chart/ ./cmd/kpitree/

smoke: build test-deps
	bash .ci/smoke $(BIN)/kpitree

test: test-deps vet test-go test-race smoke
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

clean-bin:
	rm -rf $(BIN)
