package web

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files from the code")

// The columns of every twin are a public contract: readers load them by name, and
// older readers by position. testdata/twin_columns.golden pins them; a change is
// made on purpose (go test ./web -run TestTwinColumnsGolden -update) and shows in
// review as a change of that file. New columns go at the end.
func TestTwinColumnsGolden(t *testing.T) {
	var b strings.Builder
	for _, d := range twinDocs() {
		b.WriteString(d.Key + ": " + strings.Join(d.Columns, ",") + "\n")
	}
	path := filepath.Join("testdata", "twin_columns.golden")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if got == string(want) {
		return
	}
	// Removing, renaming or reordering a column breaks readers; adding at the end does not.
	wantLines, gotLines := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	for i, w := range wantLines {
		if i < len(gotLines) && gotLines[i] != w && !strings.HasPrefix(gotLines[i], strings.TrimRight(w, "\n")+",") {
			t.Errorf("twin columns changed other than at the end:\n was: %s\n now: %s", w, gotLines[i])
		}
	}
	t.Errorf("twin columns differ from %s (run with -update if the change is meant):\n%s", path, got)
}
