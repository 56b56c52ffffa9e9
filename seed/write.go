package seed

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/twinningtracker/twinning/store"
)

// File is one file of the import format with its columns, in the order Write emits
// them (docs/import-format.md).
type File struct {
	Name    string
	Columns []string
}

// Files lists the import format's files in the order they are read and written.
func Files() []File {
	return []File{
		{"governments.csv", slices.Clone(governmentColumns)},
		{"agreements.csv", slices.Clone(agreementColumns)},
		{"events.csv", slices.Clone(eventColumns)},
		{"activities.csv", slices.Clone(activityColumns)},
		{"sources.csv", slices.Clone(sourceColumns)},
		{"coverage.csv", slices.Clone(coverageColumns)},
		{"references.csv", slices.Clone(referenceColumns)},
	}
}

// urlSeparator joins several source URLs in one cell.
const urlSeparator = " | "

// Write writes ds in the import format: governments.csv, agreements.csv, events.csv,
// activities.csv, sources.csv, coverage.csv and references.csv, each with its header row, every column, empty cells
// for unknown values and ` | ` between source URLs, so that Read gives back the same
// records. create is called once per file, in that order (a zip.Writer's Create, or
// a function creating files in a folder).
//
// Cells are written raw (RFC 4180 quoting only): a value starting with = + - @ is not
// neutralised for spreadsheets, since that would change the data on re-import.
// Countries are not written: Read derives them from the governments' codes.
func Write(create func(name string) (io.Writer, error), ds store.Dataset) error {
	files := Files()
	rows := [][][]string{
		governmentRows(ds.Governments),
		agreementRows(ds.Agreements),
		eventRows(ds.Events),
		activityRows(ds.Activities),
		sourceRows(ds.Sources),
		coverageRows(ds.Coverage),
		referenceRows(ds.References),
	}
	for i, f := range files {
		w, err := create(f.Name)
		if err != nil {
			return fmt.Errorf("write %s: %w", f.Name, err)
		}
		cw := csv.NewWriter(w)
		cw.Write(f.Columns)
		cw.WriteAll(rows[i]) // flushes
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write %s: %w", f.Name, err)
		}
	}
	return nil
}

func coord(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64) // the shortest form that reads back exactly
}

func joinURLs(urls []string) string { return strings.Join(urls, urlSeparator) }

// Each row builder follows its file's column list above.

func governmentRows(gs []store.Government) [][]string {
	out := make([][]string, len(gs))
	for i, g := range gs {
		out[i] = []string{g.Slug, g.Name, g.NameLocal, g.NameFR, g.NameKO, g.Level, g.Country, g.Region, g.Parent,
			coord(g.Lat), coord(g.Lon), g.Wikidata, g.Website, joinURLs(g.Sources)}
	}
	return out
}

func agreementRows(as []store.Agreement) [][]string {
	out := make([][]string, len(as))
	for i, a := range as {
		out[i] = []string{a.ID, a.GovernmentA, a.GovernmentB, a.Kind, a.Signed, a.Status, a.Ended, a.Note, joinURLs(a.Sources)}
	}
	return out
}

func eventRows(es []store.Event) [][]string {
	out := make([][]string, len(es))
	for i, e := range es {
		out[i] = []string{e.Agreement, e.Date, e.Event, e.Note, joinURLs(e.Sources)}
	}
	return out
}

func activityRows(as []store.Activity) [][]string {
	out := make([][]string, len(as))
	for i, a := range as {
		out[i] = []string{a.ID, a.Agreement, a.Date, a.DateEnd, a.Category, a.From, a.Title, a.Description,
			a.Participants, a.CostAmount, a.CostCurrency, a.PaidBy, a.Outputs, joinURLs(a.Sources)}
	}
	return out
}

func sourceRows(ss []store.Source) [][]string {
	out := make([][]string, len(ss))
	for i, s := range ss {
		out[i] = []string{s.URL, s.Title, s.Publisher, s.Accessed}
	}
	return out
}

func coverageRows(cs []store.CoverageSpan) [][]string {
	out := make([][]string, len(cs))
	for i, c := range cs {
		out[i] = []string{c.Government, strconv.Itoa(c.From), strconv.Itoa(c.To), c.Source}
	}
	return out
}

func referenceRows(rs []store.ReferenceFigure) [][]string {
	out := make([][]string, len(rs))
	for i, r := range rs {
		out[i] = []string{r.Scope, r.AsOf, r.Figure, strconv.Itoa(r.Value), r.Source, r.Note}
	}
	return out
}
