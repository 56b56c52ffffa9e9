// Package seed reads the portal's CSV import format (the same for the embedded
// default data, `twinning import` and uploads) and loads the embedded default data
// into an empty database. The converter that made the default data is in convert/.
package seed

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// FieldError locates a problem in an import file.
type FieldError struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Errors is every problem found in an import, in file order.
type Errors []*FieldError

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// maxErrors stops collecting after this many problems: past it the file is clearly
// not in the format, and a shorter list is more useful.
const maxErrors = 50

// table is one CSV file read into rows keyed by column name, remembering where each
// field started so errors can point at it.
type table struct {
	file string
	rows []row
}

type row struct {
	line   int
	fields map[string]string
	cols   map[string]int // column (1-based, in characters) where each field starts
}

func (r row) get(name string) string { return r.fields[name] }

// readTable reads file from fsys. A missing optional file is an empty table.
func readTable(fsys fs.FS, file string, columns []string, required []string, optional bool) (table, Errors) {
	t := table{file: file}
	f, err := fsys.Open(file)
	if errors.Is(err, fs.ErrNotExist) && optional {
		return t, nil
	}
	if err != nil {
		return t, Errors{{File: file, Line: 0, Column: 0, Msg: "cannot open: " + err.Error()}}
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err == io.EOF {
		return t, Errors{{File: file, Line: 1, Column: 1, Msg: "empty file: a header row is required"}}
	}
	if err != nil {
		return t, Errors{csvError(file, err)}
	}
	var errs Errors
	known := map[string]bool{}
	for _, c := range columns {
		known[c] = true
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		_, col := r.FieldPos(i)
		switch {
		case !known[h]:
			errs = append(errs, &FieldError{file, 1, col, fmt.Sprintf("unknown column %q (expected %s)", h, strings.Join(columns, ", "))})
		case index[h] != 0:
			errs = append(errs, &FieldError{file, 1, col, fmt.Sprintf("column %q appears twice", h)})
		}
		index[h] = i + 1
	}
	for _, c := range required {
		if index[c] == 0 {
			errs = append(errs, &FieldError{file, 1, 1, fmt.Sprintf("missing column %q", c)})
		}
	}
	if len(errs) > 0 {
		return t, errs
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(file, err))
			if len(errs) >= maxErrors {
				break
			}
			continue
		}
		line, _ := r.FieldPos(0)
		rw := row{line: line, fields: map[string]string{}, cols: map[string]int{}}
		for name, i := range index {
			rw.fields[name] = strings.TrimSpace(rec[i-1])
			_, rw.cols[name] = r.FieldPos(i - 1)
		}
		t.rows = append(t.rows, rw)
	}
	return t, errs
}

func csvError(file string, err error) *FieldError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FieldError{file, pe.Line, pe.Column, pe.Err.Error()}
	}
	return &FieldError{file, 0, 0, err.Error()}
}
