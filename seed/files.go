package seed

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing/fstest"
	"unicode/utf8"

	"github.com/twinningtracker/twinning/store"
)

// FileNames are the files of the import format, in import order.
var FileNames = []string{"governments.csv", "agreements.csv", "events.csv", "activities.csv", "sources.csv", "coverage.csv", "references.csv"}

// IsFileName reports whether name is one of FileNames.
func IsFileName(name string) bool { return slices.Contains(FileNames, name) }

// MaxLineBytes bounds one line of an import file. The longest valid record (a
// 10,000-character description with every other field full) stays well under it; a
// longer line is not the import format, and refusing it early keeps a one-line
// "CSV bomb" from being parsed into an enormous field.
const MaxLineBytes = 256 << 10

// ReadFiles validates import files given by name and content — read from disk by
// `twinning import`, uploaded by an admin — and reads them like Read. Before any CSV
// is parsed, each file must have an import file name, be UTF-8 text without NUL
// bytes, and have no line longer than MaxLineBytes; problems are reported as
// file:line:column like every other.
func ReadFiles(files map[string][]byte, known Known) (store.Dataset, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := fileOrder(a) - fileOrder(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var errs Errors
	fsys := fstest.MapFS{}
	for _, name := range names {
		if !IsFileName(name) {
			errs = append(errs, &FieldError{File: name, Line: 1, Column: 1,
				Msg: "not an import file name (expected " + strings.Join(FileNames, ", ") + ")"})
			continue
		}
		if e := CheckText(name, files[name]); e != nil {
			errs = append(errs, e)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: files[name]}
	}
	if len(errs) > 0 {
		return store.Dataset{}, errs
	}
	return Read(fsys, known)
}

func fileOrder(name string) int {
	if i := slices.Index(FileNames, name); i >= 0 {
		return i
	}
	return len(FileNames)
}

// CheckText returns the first reason data cannot be an import file, located as
// file:line:column (the column counted in bytes, as the CSV reader counts), or nil.
func CheckText(name string, data []byte) *FieldError {
	line, start := 1, 0
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b == '\n':
			line, start = line+1, i+1
			i++
			continue
		case b == 0:
			return &FieldError{name, line, i - start + 1, "contains a NUL byte: this is not a CSV text file"}
		case b < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				return &FieldError{name, line, i - start + 1, "not valid UTF-8: save the file as UTF-8 CSV"}
			}
			i += size
		}
		if i-start > MaxLineBytes {
			return &FieldError{name, line, 1, fmt.Sprintf("line longer than %d bytes: this is not an import file", MaxLineBytes)}
		}
	}
	return nil
}

// Lines counts the lines of data (a last line without a newline counts).
func Lines(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}
