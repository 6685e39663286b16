# paperlab: `make` builds the site into public/, `make test` runs every test,
# `make check` validates the built pages.
#
# The paperlab command is compiled once into .paperlab-cache/bin/ and
# rebuilt only when a Go source, an embedded file, go.mod or go.sum is newer;
# every target runs that binary. Tools the checks need are installed on
# first use under .paperlab-cache/tools/ (git-ignored, like the whole cache).
GO ?= go
# BASE_URL: where the site is served, e.g. https://user.github.io/labs/
# (empty: the site works from any folder, without sitemap or feed).
BASE_URL ?=
# publish: the git remote and branch that receive the site, and an optional
# custom domain (written to CNAME); DRY_RUN=1 builds and checks only.
REMOTE ?= origin
BRANCH ?= gh-pages
CNAME ?=
DRY_RUN ?=
BASE_FLAG = $(if $(BASE_URL),--base-url $(BASE_URL))
ADDR ?= 127.0.0.1:1414
# STRICT is what build, serve and publish pass: warnings (such as a
# hand-typed number) are errors for the site's own build and its preview.
STRICT ?= --strict
# TESTFLAGS go to go test, e.g. TESTFLAGS=-count=1 to run cached tests again.
TESTFLAGS ?=

CACHE := .paperlab-cache
BIN := $(CACHE)/bin/paperlab
TOOLS := $(CACHE)/tools
VNU_VERSION := 26.9.27
VNU := $(TOOLS)/vnu-$(VNU_VERSION)/node_modules/vnu-jar/build/dist/vnu.jar
STATICCHECK := $(TOOLS)/staticcheck-v0.8.2/staticcheck

# Everything the binary is built from (tests and test data excluded), and
# the folders, whose times change when a file is added or removed.
GO_SOURCES := go.mod go.sum $(shell find main.go generator compute -path '*/testdata' -prune -o ! -name '*_test.go' -print)

.PHONY: fuzz all build test check serve bench publish clean lint

all: build

# Built without cgo: a static binary needs no dynamic loader at each start
# (4 ms of every run, a tenth of a rebuild with nothing changed) and runs on
# any Linux.
$(BIN): $(GO_SOURCES)
	CGO_ENABLED=0 $(GO) build -o $@ .

## build: build the site into public/ (warnings are errors for the site's own build)
build: $(BIN)
	$(BIN) build $(STRICT) $(BASE_FLAG)

## test: run every Go test (unit, golden, testscript CLI, TeX corpus, browser when chromium is installed)
test:
	$(GO) test $(TESTFLAGS) ./...

## check: build, check every link, fragment and file offline, validate every page with the W3C Nu Html Checker (fails on any error)
# The JVM flags halve the validator's start-up: one short run needs no
# optimizing compiler. The one filter: the checker's CSS grammar lacks
# paint-order (CSS Fill and Stroke, supported by every current browser),
# which the figure labels use and the self-contained 404 page inlines.
check: build $(VNU)
	$(BIN) check --out public $(BASE_FLAG)
	@command -v java >/dev/null 2>&1 || { echo "make check: the W3C Nu Html Checker needs Java 11 or later on PATH (Debian: apt-get install default-jre-headless)" >&2; exit 1; }
	java -Xss4m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $(VNU) --skip-non-html --filterpattern '.*“paint-order”: Property “paint-order” doesn.t exist.*' public

# The validator jar from npm (vnu-jar), pinned. --ignore-scripts: its
# postinstall step would fetch a Java runtime; the jar runs on the system's.
$(VNU):
	@command -v npm >/dev/null 2>&1 || { echo "make check: installing the W3C Nu Html Checker needs npm on PATH (Debian: apt-get install npm)" >&2; exit 1; }
	rm -rf $(TOOLS)/vnu-$(VNU_VERSION)
	mkdir -p $(TOOLS)/vnu-$(VNU_VERSION)
	npm install --prefix $(TOOLS)/vnu-$(VNU_VERSION) --no-save --no-audit --no-fund --ignore-scripts --loglevel=error vnu-jar@$(VNU_VERSION)
	test -f $@

## serve: preview the site with live reload, as strict as build
serve: $(BIN)
	$(BIN) serve $(STRICT) --addr $(ADDR)

## bench: run the benchmarks; BenchmarkSiteBuilds times whole builds of generated 1,000- and 10,000-lab sites (and Hugo on the same Markdown when hugo is on PATH)
BENCH_LABS ?= 1000,10000
bench:
	$(GO) test -run '^$$' -bench . -benchmem -skip SiteBuilds ./...
	PAPERLAB_BENCH_LABS=$(BENCH_LABS) $(GO) test -run '^$$' -bench SiteBuilds -benchtime=1x -timeout 60m ./generator/benchsite/

## publish: build, check, commit the site to $(BRANCH) and push it to $(REMOTE) (see README, Publishing)
publish: $(BIN)
	$(BIN) publish $(STRICT) --remote $(REMOTE) --branch $(BRANCH) $(BASE_FLAG) $(if $(CNAME),--cname $(CNAME)) $(if $(DRY_RUN),--dry-run)

## lint: gofmt, go vet and staticcheck
lint: $(STATICCHECK)
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(STATICCHECK) ./...

$(STATICCHECK):
	GOBIN=$(abspath $(dir $@)) $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

clean:
	rm -rf public .public-spare $(CACHE)

## fuzz: run every fuzz target for FUZZTIME each (default 20s), one after another
FUZZTIME ?= 20s
FUZZ_TARGETS = ./generator/page:FuzzFrontMatter ./generator/directive:FuzzDirectiveBody \
	./generator/texmath:FuzzConvert ./generator/htmlsafe:FuzzCheck ./generator/site:FuzzRenderLab \
	./compute/jsonl:FuzzRespond
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 || exit 1; \
	done
