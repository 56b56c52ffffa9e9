// Package wikidata reads the world's dated twinning pairs from Wikidata: a SPARQL
// 1.1 JSON result of the query in docs/wikidata.md (property P190, "twinned
// administrative body", with its P580/P582 start and end qualifiers, each side's
// P17 country, P131 region, P625 coordinates and labels in en/fr/ko/ja/zh), and
// merges it into the records by Wikidata id, then by name, country and region,
// without overwriting a value the records already hold.
package wikidata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/twinningtracker/twinning/seed"
)

// Pair is one row of the result: side A's P190 statement naming side B.
type Pair struct {
	A, B       Place
	Start, End string // YYYY, YYYY-MM or YYYY-MM-DD at the statement's precision; "" unknown
	Line       int    // where the row starts in the file
}

// Place is one side of a pair.
type Place struct {
	QID      string            // Q1234
	Country  string            // ISO 3166-1 alpha-2 (P17 → P297)
	Region   string            // English label of P131, "" unknown
	Labels   map[string]string // by language: en, fr, ko, ja, zh
	Lat, Lon *float64
}

// Languages are the label languages the query asks for.
var Languages = []string{"en", "fr", "ko", "ja", "zh"}

// Error locates a problem in the result file.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg) }

// Errors is every problem found, in file order.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// maxErrors stops reading after this many problems: the file is not the result
// of the documented query.
const maxErrors = 50

// binding is one result row: variable → RDF term.
type binding map[string]struct {
	Type     string `json:"type"`
	Value    string `json:"value"`
	Datatype string `json:"datatype"`
}

// Read parses a SPARQL 1.1 JSON result (application/sparql-results+json). Nothing
// is returned unless every row is valid: a file is taken whole or not at all.
func Read(name string, data []byte) ([]Pair, error) {
	lines := newLineIndex(data)
	at := func(off int64, format string, args ...any) *Error {
		l, c := lines.position(off)
		return &Error{File: name, Line: l, Column: c, Msg: fmt.Sprintf(format, args...)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := walkTo(dec, "results", "bindings"); err != nil {
		return nil, Errors{at(dec.InputOffset(), "not a SPARQL JSON result: %v", err)}
	}
	var pairs []Pair
	var errs Errors
	for dec.More() {
		start := dec.InputOffset()
		var b binding
		if err := dec.Decode(&b); err != nil {
			return nil, append(errs, at(dec.InputOffset(), "%v", err))
		}
		// The decoder's offset is just past the comma before the row: skip to it.
		start += int64(len(data[start:]) - len(bytes.TrimLeft(data[start:], " \t\r\n,")))
		p, problems := pair(b)
		line, _ := lines.position(start)
		p.Line = line
		for _, msg := range problems {
			errs = append(errs, at(start, "%s", msg))
		}
		if len(errs) >= maxErrors {
			return nil, errs[:maxErrors]
		}
		pairs = append(pairs, p)
	}
	// A file cut short ends inside the array: without its closing bracket, the rows
	// read so far are not the whole result.
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, append(errs, at(dec.InputOffset(), "the result ends before its bindings array is closed: the file is incomplete"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return pairs, nil
}

// walkTo moves the decoder into the array at path (object keys), skipping every
// other value.
func walkTo(dec *json.Decoder, path ...string) error {
	for depth, key := range path {
		if t, err := dec.Token(); err != nil {
			return err
		} else if t != json.Delim('{') {
			return fmt.Errorf("expected an object holding %q", key)
		}
		for {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			if t == json.Delim('}') {
				return fmt.Errorf("no %q", strings.Join(path[:depth+1], "."))
			}
			if t == key {
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	if t, err := dec.Token(); err != nil {
		return err
	} else if t != json.Delim('[') {
		return errors.New("results.bindings is not an array")
	}
	return nil
}

var (
	entityPattern = regexp.MustCompile(`^http://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$`)
	pointPattern  = regexp.MustCompile(`^Point\((-?[0-9.]+(?:[eE][-+]?[0-9]+)?) (-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\)$`)
	isoPattern    = regexp.MustCompile(`^[A-Z]{2}$`)
)

// pair reads one row, listing what is wrong with it.
func pair(b binding) (Pair, []string) {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	side := func(v string) Place {
		p := Place{Labels: map[string]string{}}
		t, ok := b[v]
		if m := entityPattern.FindStringSubmatch(t.Value); !ok || t.Type != "uri" || m == nil {
			fail("%s: %q is not a Wikidata entity URI", v, t.Value)
		} else {
			p.QID = m[1]
		}
		p.Country = b[v+"Country"].Value
		if !isoPattern.MatchString(p.Country) || !seed.IsCountry(p.Country) {
			fail("%sCountry: %q is not an ISO 3166-1 alpha-2 code (P17 → P297)", v, p.Country)
		}
		p.Region = strings.TrimSpace(b[v+"Region"].Value)
		for _, lang := range Languages {
			if l := strings.TrimSpace(b[v+"Label_"+lang].Value); l != "" {
				p.Labels[lang] = l
			}
		}
		if c, ok := b[v+"Coord"]; ok {
			m := pointPattern.FindStringSubmatch(c.Value)
			lon, err1 := strconv.ParseFloat(safe(m, 1), 64)
			lat, err2 := strconv.ParseFloat(safe(m, 2), 64)
			if m == nil || err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
				fail("%sCoord: %q is not a WKT Point(longitude latitude)", v, c.Value)
			} else {
				p.Lat, p.Lon = &lat, &lon
			}
		}
		if p.Labels["en"] == "" {
			fail("%sLabel_en: required (the place's English name)", v)
		}
		return p
	}
	p := Pair{A: side("a"), B: side("b")}
	p.Start = date(b, "start", fail)
	p.End = date(b, "end", fail)
	if p.A.QID != "" && p.A.QID == p.B.QID {
		fail("a and b are the same entity %s", p.A.QID)
	}
	return p, problems
}

func safe(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

// date reads a time qualifier at its precision (variable v+"Precision": 9 year,
// 10 month, 11 day). A coarser precision (decade, century) or none given leaves
// no more than the year, never a day the statement does not state.
func date(b binding, v string, fail func(string, ...any)) string {
	t, ok := b[v]
	if !ok || t.Value == "" {
		return ""
	}
	// A value at month or year precision may carry 00 for the unknown day and month
	// ("1990-06-00T00:00:00Z"), and a sign: neither is read, the precision says so.
	v0 := strings.TrimPrefix(t.Value, "+")
	if len(v0) >= 10 {
		v0 = strings.Replace(v0[:10], "-00", "-01", 2) + v0[10:]
	}
	tm, err := time.Parse(time.RFC3339, v0)
	if err != nil || tm.Year() < 1000 || tm.Year() > 2999 {
		fail("%s: %q is not an xsd:dateTime from year 1000 to 2999", v, t.Value)
		return ""
	}
	precision := 9
	if p, ok := b[v+"Precision"]; ok {
		n, err := strconv.Atoi(p.Value)
		if err != nil {
			fail("%sPrecision: %q is not a number", v, p.Value)
			return ""
		}
		if n < 9 {
			return "" // a decade or coarser: no year to give
		}
		precision = min(n, 11)
	}
	return tm.Format(map[int]string{9: "2006", 10: "2006-01", 11: "2006-01-02"}[precision])
}

// lineIndex turns byte offsets into 1-based line and column (in bytes).
type lineIndex []int64

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, int64(i+1))
		}
	}
	return idx
}

func (idx lineIndex) position(off int64) (line, col int) {
	i := len(idx) - 1
	for i > 0 && idx[i] > off {
		i--
	}
	return i + 1, int(off-idx[i]) + 1
}
