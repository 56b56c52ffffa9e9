package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// output is everything the converter writes.
type output struct {
	govs    map[string]*government
	ags     map[string]*agreement
	events  []*event
	acts    []*activity
	sources []source
}

func joinURLs(u []string) string { return strings.Join(u, " | ") }

// sortOutput fixes the order of events and activities (governments and
// agreements are written in slug/id order) so re-runs are byte-identical.
func sortOutput(out *output) {
	rank := map[string]int{}
	for i, k := range []string{"proposed", "friendship_signed", "sister_signed", "upgraded_to_sister", "renewed", "termination_proposed", "suspended", "ended"} {
		rank[k] = i
	}
	sort.SliceStable(out.events, func(i, j int) bool {
		a, b := out.events[i], out.events[j]
		if a.Agreement != b.Agreement {
			return a.Agreement < b.Agreement
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return rank[a.Kind] < rank[b.Kind]
	})
	sort.SliceStable(out.acts, func(i, j int) bool { return out.acts[i].ID < out.acts[j].ID })
}

// csvBytes renders a header and rows with encoding/csv ("\n" line ends).
func csvBytes(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// files renders every output file by name.
func files(out *output, report string) (map[string][]byte, error) {
	var gov, ag, ev, act, src [][]string
	for _, s := range sortedKeys(out.govs) {
		g := out.govs[s]
		gov = append(gov, []string{g.Slug, g.Name, g.NameLocal, g.NameFr, g.NameKo, g.Level, g.Country, g.Region,
			g.Parent, g.Lat, g.Lon, g.Wikidata, g.Website, joinURLs(g.Sources)})
	}
	for _, id := range sortedKeys(out.ags) {
		a := out.ags[id]
		ag = append(ag, []string{a.ID, a.A, a.B, a.Kind, a.Signed, a.Status, a.Ended, a.Note, joinURLs(a.Sources)})
	}
	for _, e := range out.events {
		ev = append(ev, []string{e.Agreement, e.Date, e.Kind, e.Note, joinURLs(e.Sources)})
	}
	for _, a := range out.acts {
		act = append(act, []string{a.ID, a.Agreement, a.Date, a.DateEnd, a.Category, a.From, a.Title,
			a.Description, a.Participants, joinURLs(a.Sources)})
	}
	for _, s := range out.sources {
		src = append(src, []string{s.URL, s.Title, s.Publisher, s.Accessed})
	}
	tables := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"governments.csv", []string{"slug", "name", "name_local", "name_fr", "name_ko", "level", "country", "region",
			"parent", "lat", "lon", "wikidata", "website", "source_url"}, gov},
		{"agreements.csv", []string{"id", "government_a", "government_b", "kind", "signed", "status", "ended",
			"note", "source_url"}, ag},
		{"events.csv", []string{"agreement", "date", "event", "note", "source_url"}, ev},
		{"activities.csv", []string{"id", "agreement", "date", "date_end", "category", "from", "title",
			"description", "participants", "source_url"}, act},
		{"sources.csv", []string{"url", "title", "publisher", "accessed"}, src},
		{"coverage.csv", []string{"government", "from", "to", "source_url"},
			[][]string{{djCoverage.Government, djCoverage.From, djCoverage.To, djCoverage.Source}}},
		{"references.csv", []string{"scope", "as_of", "figure", "value", "source_url", "note"}, referenceRows()},
	}
	fs := map[string][]byte{"REPORT.md": []byte(report)}
	for _, t := range tables {
		b, err := csvBytes(t.header, t.rows)
		if err != nil {
			return nil, err
		}
		fs[t.name] = b
	}
	return fs, nil
}

// writeFiles writes each file to dir through a temporary file and rename,
// so an interrupted run never leaves a truncated seed file behind.
func writeFiles(dir string, fs map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range sortedKeys(fs) {
		tmp := filepath.Join(dir, "."+name+".tmp")
		if err := os.WriteFile(tmp, fs[name], 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func referenceRows() [][]string {
	var out [][]string
	for _, r := range references {
		out = append(out, []string{r.Scope, r.AsOf, r.Figure, r.Value, apf, r.Note})
	}
	return out
}
