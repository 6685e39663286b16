package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"paperlab/generator/diag"
)

// TestOutputs breaks one file at a time and checks which outputs a
// failed build still has and which it reports as failed, with what.
func TestOutputs(t *testing.T) {
	handTyped := "---\ntitle: Typed\n---\n```{softmax} s\nx: [1, 2]\n```\n\nThe weight is 0.7311 by hand.\n"
	cases := []struct {
		name   string
		strict bool
		edit   map[string]string // path: new content
		failed map[string]string // output: its source
		want   []string          // outputs that must be in Files
		global string            // a part of a global diagnostic, if any
	}{
		{name: "clean", want: []string{"index.html", "labs/a/index.html", "labs/d/index.html", "style.css"}},
		{
			name:   "bad TeX in one lab, a new lab beside it",
			edit:   map[string]string{"content/labs/d.md": "---\ntitle: Delta\n---\nBroken \\(\\frac{1}\\).\n", "content/labs/new.md": "---\ntitle: New\n---\nNew text.\n"},
			failed: map[string]string{"labs/d/index.html": "content/labs/d.md"},
			want:   []string{"index.html", "labs/new/index.html", "labs/a/index.html", "about/index.html", "404.html"},
		},
		{
			name:   "a content asset stays while a lab fails",
			edit:   map[string]string{"content/labs/pic.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "content/labs/a.md": "---\ntitle: Alpha\n---\n![pic](pic.svg)\n", "content/labs/b.md": "---\ntitle: Beta\nafter: [a]\n---\nBeta.\n", "content/labs/c.md": "---\ntitle: Gamma\nafter: [b]\n---\nGamma text.\n", "content/labs/d.md": "---\ntitle: Delta\n---\nBroken \\(\\frac{1}\\).\n"},
			failed: map[string]string{"labs/d/index.html": "content/labs/d.md"},
			want:   []string{"labs/pic.svg", "labs/a/index.html"},
		},
		{
			name:   "front matter YAML",
			edit:   map[string]string{"content/labs/b.md": "---\ntitle: [Beta\n---\nBeta.\n", "content/labs/c.md": "---\ntitle: Gamma\nafter: [b]\n---\nGamma text.\n"},
			failed: map[string]string{"labs/b/index.html": "content/labs/b.md"},
			want:   []string{"index.html", "labs/a/index.html", "labs/c/index.html"},
		},
		{
			name:   "hand-typed number is a failure only when strict",
			strict: true,
			edit:   map[string]string{"content/labs/typed.md": handTyped},
			failed: map[string]string{"labs/typed/index.html": "content/labs/typed.md"},
			want:   []string{"index.html", "labs/a/index.html"},
		},
		{
			name: "hand-typed number is a warning otherwise",
			edit: map[string]string{"content/labs/typed.md": handTyped},
			want: []string{"index.html", "labs/typed/index.html"},
		},
		{
			name:   "home page",
			edit:   map[string]string{"content/_index.md": "---\ntitle: Test Labs\n---\nBad \\(\\sqrt{\\).\n"},
			failed: map[string]string{"index.html": "content/_index.md"},
			want:   []string{"labs/a/index.html", "keywords/vectors/index.html", "404.html"},
		},
		{
			name:   "draft with bad front matter",
			edit:   map[string]string{"content/labs/e.md": "---\ntitle: Epsilon\ndraft: true\nbogus: 1\n---\nDraft.\n"},
			want:   []string{"index.html", "labs/a/index.html"},
			global: "content/labs/e.md:4:1",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := memSite(t)
			for name, text := range c.edit {
				m[name] = &fstest.MapFile{Data: []byte(text)}
			}
			b := NewBuilder(m, Config{BaseURL: "/", Strict: c.strict})
			res, _, err := b.Build(context.Background(), nil)
			wantFail := len(c.failed) > 0 || c.global != ""
			if wantFail != errors.Is(err, ErrFailed) || (!wantFail && err != nil) {
				t.Fatalf("Build: %v\n%s", err, diagnostics(res))
			}
			out := b.Outputs()
			if !out.Loaded {
				t.Fatal("not loaded")
			}
			for _, name := range c.want {
				if out.Files[name] == nil {
					t.Errorf("%s missing from Files (have %v)", name, slices.Sorted(maps.Keys(out.Files)))
				}
			}
			for name, f := range out.Failed {
				if _, ok := out.Files[name]; ok {
					t.Errorf("%s is both built and failed", name)
				}
				if c.failed[name] != f.Source {
					t.Errorf("%s failed from %q, want %q", name, f.Source, c.failed[name])
				}
				if len(f.Diagnostics) == 0 {
					t.Errorf("%s failed without a diagnostic", name)
				}
				for _, d := range f.Diagnostics {
					if d.Path != f.Source {
						t.Errorf("%s: diagnostic of another file: %s", name, d)
					}
				}
			}
			for name := range c.failed {
				if _, ok := out.Failed[name]; !ok {
					t.Errorf("%s did not fail (diagnostics: %s)", name, diagnostics(res))
				}
			}
			var global []string
			for _, d := range out.Global {
				global = append(global, d.String())
			}
			if c.global != "" && !strings.Contains(strings.Join(global, "\n"), c.global) {
				t.Errorf("global %q, want one with %q", global, c.global)
			}
			if c.global == "" && len(global) > 0 {
				t.Errorf("unexpected global problems %q", global)
			}
			// Every diagnostic of the build is told exactly once.
			n := len(out.Global)
			for _, f := range out.Failed {
				n += len(f.Diagnostics)
			}
			if wantFail && n != countBad(res, c.strict) {
				t.Errorf("%d diagnostics in Outputs, build has %d failing ones:\n%s", n, countBad(res, c.strict), diagnostics(res))
			}
			if !wantFail && len(out.Files) != len(res.Files) {
				t.Errorf("clean build: %d files in Outputs, %d in Result", len(out.Files), len(res.Files))
			}
		})
	}
}

// countBad counts the diagnostics that fail a build.
func countBad(res Result, strict bool) int {
	n := 0
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error || strict {
			n++
		}
	}
	return n
}

// TestOutputsIncremental applies random edits, broken ones included, and
// checks that what an incremental builder says built and failed is what a
// fresh builder says for the same sources.
func TestOutputsIncremental(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		cfg := Config{BaseURL: "/", Strict: seed == 2}
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			m := memSite(t)
			b := NewBuilder(m, cfg)
			var changed []string
			failedSteps := 0
			for step := 0; step < 40; step++ {
				_, _, err := b.Build(ctx, changed)
				if err != nil && !errors.Is(err, ErrFailed) {
					t.Fatal(err)
				}
				fresh := NewBuilder(m, cfg)
				fresh.Build(ctx, nil)
				got, want := b.Outputs(), fresh.Outputs()
				if len(got.Failed) > 0 {
					failedSteps++
				}
				if got.Loaded != want.Loaded || !maps.EqualFunc(got.Files, want.Files, bytes.Equal) ||
					!reflect.DeepEqual(got.Failed, want.Failed) || !reflect.DeepEqual(got.Global, want.Global) {
					t.Fatalf("step %d: incremental outputs differ from a fresh build's:\nfailed %v\nwant   %v\nglobal %v\nwant   %v\nfiles %v\nwant  %v",
						step, got.Failed, want.Failed, got.Global, want.Global, slices.Sorted(maps.Keys(got.Files)), slices.Sorted(maps.Keys(want.Files)))
				}
				changed = edits[r.IntN(len(edits))](m, r)
			}
			if failedSteps == 0 {
				t.Error("no step had a failed page; the edits test nothing here")
			}
		})
	}
}
