package reproduce

import (
	"bytes"
	"encoding/json"
	"strings"
)

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

// Notebook returns the script's cells as a Jupyter notebook (nbformat
// 4.4, no outputs), each comment a Markdown cell before its code.
func Notebook(p Page) ([]byte, error) { return notebookOf(build(p)) }

func notebookOf(cells []cell) ([]byte, error) {
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
		return nil, err
	}
	return b.Bytes(), nil
}

// lines splits text the way nbformat stores it: every line but the last
// keeps its newline.
func lines(s string) []string {
	parts := strings.SplitAfter(s, "\n")
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}
