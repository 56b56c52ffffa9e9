package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// row is one CSV record addressed by column name.
type row struct {
	line int // line where the record starts (header = 1)
	cols map[string]int
	rec  []string
}

// get returns a column's value; readCSV has checked the column exists.
func (r row) get(name string) string { return r.rec[r.cols[name]] }

// readCSV reads a whole CSV file and checks the header has the required columns.
func readCSV(dir, name string, required ...string) ([]row, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[h] = i
	}
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", path, c)
		}
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, row{line: line, cols: cols, rec: rec})
	}
}
