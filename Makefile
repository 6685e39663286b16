# paperlab: `make` builds the site into public/, `make test` runs every test.
GO ?= go
BASE_URL ?= /
ADDR ?= 127.0.0.1:1414
WEBCHECK ?= ../shared/tools/webcheck

.PHONY: all build test check serve bench publish clean lint

all: build

## build: build the site into public/ (warnings are errors for the site's own build)
build:
	$(GO) run . build --strict --base-url $(BASE_URL)

## test: run every Go test (unit, golden, testscript CLI, browser when chromium is installed)
test:
	$(GO) test ./...

## check: validate every built page with the W3C Nu Html Checker
check: build
	bash $(WEBCHECK)/html.sh public

## serve: preview the site with live reload
serve:
	$(GO) run . serve --addr $(ADDR)

## bench: run the benchmarks; BenchmarkSiteBuilds times whole builds of generated 1,000- and 10,000-lab sites (and Hugo on the same Markdown when hugo is on PATH)
BENCH_LABS ?= 1000,10000
bench:
	$(GO) test -run '^$$' -bench . -benchmem -skip SiteBuilds ./...
	PAPERLAB_BENCH_LABS=$(BENCH_LABS) $(GO) test -run '^$$' -bench SiteBuilds -benchtime=1x -timeout 60m ./generator/benchsite/

## publish: build with the production base URL and copy public/ to PUBLISH_DIR
publish:
	@test -n "$(PUBLISH_DIR)" || { echo "make publish: set PUBLISH_DIR=/path/served/by/your/static/host (and BASE_URL=https://host/path/)"; exit 2; }
	$(GO) run . build --strict --base-url $(BASE_URL)
	mkdir -p "$(PUBLISH_DIR)"
	cp -R public/. "$(PUBLISH_DIR)/"

## lint: gofmt, go vet and staticcheck
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

clean:
	rm -rf public .paperlab-cache
