package web

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// A cell that a spreadsheet could split on ";" or a tab stays one cell, and no
// cell, split or not, starts with a formula character.
func TestCSVCellsNeverBecomeFormulas(t *testing.T) {
	cells := []string{"x;=1+1", "=HYPERLINK(\"http://evil\")", "a\t=1", "+1", "@SUM(A1)", "-2+3", "plain, with comma", " lead", "quote \" inside"}
	var buf bytes.Buffer
	rec := make([]string, len(cells))
	for i, c := range cells {
		rec[i] = csvCell(c)
	}
	writeCSVRecord(&buf, rec)
	for _, sep := range []rune{',', ';', '\t'} {
		r := csv.NewReader(strings.NewReader(buf.String()))
		r.Comma, r.LazyQuotes = sep, true
		fields, err := r.Read()
		if err != nil {
			t.Fatalf("separator %q: %v", sep, err)
		}
		for _, f := range fields {
			if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
				t.Errorf("separator %q: cell %q would be read as a formula (line %q)", sep, f, buf.String())
			}
		}
	}
	r := csv.NewReader(strings.NewReader(buf.String()))
	got, err := r.Read()
	if err != nil || len(got) != len(cells) || got[0] != "x;=1+1" || got[7] != " lead" {
		t.Errorf("read back with commas: %q (%v)", got, err)
	}
}
