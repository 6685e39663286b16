# paperlab: `make` builds the site into public/, `make test` runs every test.
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
WEBCHECK ?= ../shared/tools/webcheck

.PHONY: all build test check serve bench publish clean lint

all: build

## build: build the site into public/ (warnings are errors for the site's own build)
build:
	$(GO) run . build --strict $(BASE_FLAG)

## test: run every Go test (unit, golden, testscript CLI, browser when chromium is installed)
test:
	$(GO) test ./...

## check: build, check every link, fragment and file offline, validate every page with the W3C Nu Html Checker
check: build
	$(GO) run . check --out public $(BASE_FLAG)
	bash $(WEBCHECK)/html.sh public

## serve: preview the site with live reload
serve:
	$(GO) run . serve --addr $(ADDR)

## bench: run the benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## publish: build, check, commit the site to $(BRANCH) and push it to $(REMOTE) (see README, Publishing)
publish:
	$(GO) run . publish --strict --remote $(REMOTE) --branch $(BRANCH) $(BASE_FLAG) $(if $(CNAME),--cname $(CNAME)) $(if $(DRY_RUN),--dry-run)

## lint: gofmt, go vet and staticcheck
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

clean:
	rm -rf public .paperlab-cache
