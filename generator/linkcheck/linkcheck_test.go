package linkcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles lays out files (name → content) in a new folder.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const page = `<!DOCTYPE html><html><head><link rel="stylesheet" href="%ROOT%style.css"></head><body>
%BODY%
</body></html>`

func mkpage(root, body string) string {
	return strings.NewReplacer("%ROOT%", root, "%BODY%", body).Replace(page)
}

// good is a small site with nothing broken.
func good() map[string]string {
	return map[string]string{
		"index.html":        mkpage("", `<a href="labs/x/">X</a> <a href="labs/x/#sec">sec</a> <a href="https://arxiv.org/abs/1">paper</a>`),
		"labs/x/index.html": mkpage("../../", `<h2 id="sec">S</h2><a href="#sec">here</a><a href="#top">top</a><a href="../../">home</a><img src="../fig/a.png" srcset="../fig/a.png 1x, ../fig/a.png 2x" alt=""><a href="../../data.csv">data</a>`),
		"labs/fig/a.png":    "png",
		"data.csv":          "a,b\n",
		"style.css":         `body { background: url("bg.svg") } /* */ .x { background: url(#f) }`,
		"bg.svg":            "<svg/>",
		"404.html":          `<!DOCTYPE html><html><head><style>p{color:red}</style></head><body><p>Not found</p></body></html>`,
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		base    string
		edit    map[string]string // files replaced (an empty value removes the file)
		want    []string          // problem lines, in order
		wantExt []string
	}{
		{name: "good site", wantExt: []string{"https://arxiv.org/abs/1"}},
		{
			name: "missing page and fragment",
			edit: map[string]string{"index.html": mkpage("", "<a href=\"labs/x/\">X</a>\n<a href=\"labs/y/\">Y</a> <a href=\"labs/x/#nope\">n</a>")},
			want: []string{
				`index.html:3:1: href "labs/y/": no such file labs/y/index.html in the site`,
				`index.html:3:25: href "labs/x/#nope": labs/x/index.html has no element with id "nope"`,
			},
		},
		{
			name: "missing image, srcset and stylesheet url",
			edit: map[string]string{
				"labs/fig/a.png": "",
				"bg.svg":         "",
			},
			want: []string{
				`labs/x/index.html:2:90: src "../fig/a.png": no such file labs/fig/a.png in the site`,
				`labs/x/index.html:2:90: srcset "../fig/a.png": no such file labs/fig/a.png in the site`,
				`labs/x/index.html:2:90: srcset "../fig/a.png": no such file labs/fig/a.png in the site`,
				`style.css:1:20: url() "bg.svg": no such file bg.svg in the site`,
			},
		},
		{
			name: "orphaned page",
			edit: map[string]string{"labs/lost/index.html": mkpage("../../", "<p>alone</p>")},
			want: []string{`labs/lost/index.html: orphaned: no chain of links leads here from the home page`},
		},
		{
			name: "a page only a stylesheet links to is still orphaned",
			edit: map[string]string{"index.html": mkpage("", `<link rel="next" href="labs/x/"><img src="labs/fig/a.png" alt="">`)},
			want: []string{`labs/x/index.html: orphaned: no chain of links leads here from the home page`},
		},
		{
			name: "root-relative link without a base URL",
			edit: map[string]string{"index.html": mkpage("/", `<a href="/labs/x/">X</a>`)},
			want: []string{
				`index.html:1:28: root-relative href "/style.css" works only when the site is served at the host root; use a relative link, or build and check with --base-url`,
				`index.html:2:1: root-relative href "/labs/x/" works only when the site is served at the host root; use a relative link, or build and check with --base-url`,
				`labs/x/index.html: orphaned: no chain of links leads here from the home page`,
			},
		},
		{
			name: "root-relative links below the base path",
			base: "/site/",
			edit: map[string]string{
				"index.html": mkpage("/site/", `<a href="/site/labs/x/">X</a> <a href="/other/">out</a>`),
				"404.html":   mkpage("/site/", `<a href="/site/">home</a>`),
			},
			want: []string{`index.html:2:31: href "/other/" is outside the site's base path /site/`},
		},
		{
			name: "relative links on the 404 page",
			edit: map[string]string{"404.html": mkpage("", `<a href="labs/x/">X</a><a href="#main">skip</a><main id="main"></main>`)},
			want: []string{`404.html:1:28: relative href "style.css" on the 404 page breaks when it is served for a missing address below a folder (such as /a/b/missing); build with --base-url or link to nothing`,
				`404.html:2:1: relative href "labs/x/" on the 404 page breaks when it is served for a missing address below a folder (such as /a/b/missing); build with --base-url or link to nothing`},
		},
		{
			name: "absolute links to the base URL are internal",
			base: "https://example.org/labs/",
			edit: map[string]string{
				"index.html":  mkpage("", `<link rel="canonical" href="https://example.org/labs/"><a href="labs/x/">X</a> <a href="http://example.org/labs/labs/gone/">gone</a> <a href="https://example.org/other">other</a>`),
				"sitemap.xml": `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/labs/</loc></url><url><loc>https://example.org/labs/missing/</loc></url></urlset>`,
			},
			want: []string{
				`index.html:2:80: href "http://example.org/labs/labs/gone/": no such file labs/gone/index.html in the site`,
				`sitemap.xml:1:134: loc "https://example.org/labs/missing/": no such file missing/index.html in the site`,
			},
			wantExt: []string{"https://example.org/other"},
		},
		{
			name: "link above the site root",
			edit: map[string]string{"labs/x/index.html": mkpage("../../", `<h2 id="sec"></h2><a href="../../../up.html">up</a>`)},
			want: []string{`labs/x/index.html:2:19: href "../../../up.html" points above the site's root folder`},
		},
		{
			name: "malformed feed",
			edit: map[string]string{"feed.xml": `<?xml version="1.0"?><feed><title>a & b</title></feed>`},
			want: []string{`feed.xml:1:35: not well-formed XML: XML syntax error on line 1: invalid character entity & (no semicolon)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := good()
			for n, c := range tt.edit {
				if c == "" {
					delete(files, n)
				} else {
					files[n] = c
				}
			}
			dir := writeFiles(t, files)
			rep, err := Check(dir, Options{BaseURL: tt.base})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			wantExt := tt.wantExt
			if wantExt == nil && tt.want == nil {
				wantExt = []string{"https://arxiv.org/abs/1"}
			}
			if wantExt != nil {
				var ext []string
				for _, e := range rep.External {
					ext = append(ext, e.URL)
				}
				if strings.Join(ext, " ") != strings.Join(wantExt, " ") {
					t.Errorf("external = %v, want %v", ext, wantExt)
				}
			}
		})
	}
}

func TestCanonicalGivesTheBaseURL(t *testing.T) {
	files := good()
	files["index.html"] = mkpage("", `<link rel="canonical" href="https://example.org/labs/"><a href="https://example.org/labs/labs/x/">X</a>`)
	rep, err := Check(writeFiles(t, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.BaseURL != "https://example.org/labs/" || len(rep.Problems) != 0 || len(rep.External) != 0 {
		t.Errorf("base %q, problems %v, external %v; want the canonical link as base, nothing broken, nothing external", rep.BaseURL, rep.Problems, rep.External)
	}
}

func TestBaseElement(t *testing.T) {
	files := good()
	files["labs/x/index.html"] = mkpage("../../", `<base href="../../"><h2 id="sec"></h2><a href="labs/x/#sec">self</a><img src="labs/fig/a.png" alt="">`)
	rep, err := Check(writeFiles(t, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Links start at the base (the site root): the page's own ../../style.css now climbs above it.
	want := `labs/x/index.html:1:28: href "../../style.css" points above the site's root folder`
	if len(rep.Problems) != 1 || rep.Problems[0].String() != want {
		t.Errorf("problems = %v, want just %s", rep.Problems, want)
	}
}
