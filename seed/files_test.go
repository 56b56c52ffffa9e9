package seed

import (
	"errors"
	"strings"
	"testing"
)

func TestReadFilesChecksTextFirst(t *testing.T) {
	for _, tc := range []struct {
		files map[string][]byte
		want  string
	}{
		{map[string][]byte{"cities.csv": []byte("slug\n")}, "cities.csv:1:1: not an import file name"},
		{map[string][]byte{"governments.csv": []byte("slug,name,country\nab-ca,\xc3(,CA\n")}, "governments.csv:2:7: not valid UTF-8"},
		{map[string][]byte{"sources.csv": []byte("url\nhttps://a.example/\x00\n")}, "sources.csv:2:19: contains a NUL byte"},
		{map[string][]byte{"sources.csv": []byte("url\n" + strings.Repeat("a", MaxLineBytes+1))}, "sources.csv:2:1: line longer than"},
		{map[string][]byte{"agreements.csv": []byte("id,government_a,government_b\nx--y,nowhere-ca,burnaby-ca\n")}, "agreements.csv:2:6: government_a: unknown government"},
	} {
		_, err := ReadFiles(tc.files, func(kind, id string) bool { return id == "burnaby-ca" })
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 || !strings.HasPrefix(es[0].Error(), tc.want) {
			t.Errorf("err = %v, want %s…", err, tc.want)
		}
	}
	ds, err := ReadFiles(map[string][]byte{"governments.csv": []byte("\ufeffslug,name,country\nnew-place-ca,New Place,CA\n")}, nil)
	if err != nil || len(ds.Governments) != 1 {
		t.Errorf("valid file: %v %+v", err, ds)
	}
}

func TestLines(t *testing.T) {
	for s, n := range map[string]int{"": 0, "a": 1, "a\n": 1, "a\nb": 2, "a\nb\n": 2} {
		if got := Lines([]byte(s)); got != n {
			t.Errorf("Lines(%q) = %d, want %d", s, got, n)
		}
	}
}
