package reproduce

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The notebook as encoding/json writes it: the reference the hand-written
// notebookOf must equal byte for byte.
// notebook is the nbformat 4 layout, with fields in the order Jupyter
// writes them.
type notebook struct {
	Cells         []nbCell   `json:"cells"`
	Metadata      nbMetadata `json:"metadata"`
	NBFormat      int        `json:"nbformat"`
	NBFormatMinor int        `json:"nbformat_minor"`
}

type nbCell struct {
	CellType       string          `json:"cell_type"`
	ExecutionCount json.RawMessage `json:"execution_count,omitempty"`
	Metadata       struct{}        `json:"metadata"`
	Outputs        *[]string       `json:"outputs,omitempty"`
	Source         []string        `json:"source"`
}

type nbMetadata struct {
	Kernelspec struct {
		DisplayName string `json:"display_name"`
		Language    string `json:"language"`
		Name        string `json:"name"`
	} `json:"kernelspec"`
	LanguageInfo struct {
		Name string `json:"name"`
	} `json:"language_info"`
}

func notebookByEncoder(cells []cell) []byte {
	nb := notebook{NBFormat: 4, NBFormatMinor: 4}
	nb.Metadata.Kernelspec.DisplayName = "Python 3"
	nb.Metadata.Kernelspec.Language = "python"
	nb.Metadata.Kernelspec.Name = "python3"
	nb.Metadata.LanguageInfo.Name = "python"
	for _, c := range cells {
		if c.text != "" {
			nb.Cells = append(nb.Cells, nbCell{CellType: "markdown", Source: lines(c.text)})
		}
		nb.Cells = append(nb.Cells, nbCell{CellType: "code", ExecutionCount: json.RawMessage("null"), Outputs: &[]string{}, Source: lines(strings.TrimSuffix(c.code, "\n"))})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func TestNotebookMatchesEncoder(t *testing.T) {
	cases := [][]cell{
		nil,
		{{code: ""}},
		{{text: "# Title\n\nSome text.", code: "import numpy as np\n\nx = 1\n"}, {code: "print(x)"}},
		{{text: "quotes \" and \\ backslash <b>&amp;</b>", code: "s = \"\\t\"\r\n\x01\x1f\x7f\b\f"}},
		{{text: "unicode é → ∑ \u2028 \u2029 and bad \xff\xfe bytes", code: "\n\n\n"}},
	}
	for i, cells := range cases {
		got, err := notebookOf(cells)
		if err != nil {
			t.Fatal(err)
		}
		if want := notebookByEncoder(cells); !bytes.Equal(got, want) {
			t.Errorf("case %d:\n%s\nwant\n%s", i, got, want)
		}
	}
}

func FuzzNotebookMatchesEncoder(f *testing.F) {
	f.Add("# a\nb", "x = 1\ny = \"\\u2028\"\n")
	f.Add("", "\x00\xff\u2029")
	f.Fuzz(func(t *testing.T, text, code string) {
		cells := []cell{{text: text, code: code}, {code: code + text}}
		got, err := notebookOf(cells)
		if err != nil {
			t.Fatal(err)
		}
		if want := notebookByEncoder(cells); !bytes.Equal(got, want) {
			t.Fatalf("differs:\n%q\nwant\n%q", got, want)
		}
	})
}
