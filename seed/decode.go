package seed

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/twinningtracker/twinning/store"
)

// Column sets of the import format (docs/import-format.md).
var (
	governmentColumns = []string{"slug", "name", "name_local", "name_fr", "name_ko", "level", "country", "region", "parent", "lat", "lon", "wikidata", "website", "source_url"}
	agreementColumns  = []string{"id", "government_a", "government_b", "kind", "signed", "status", "ended", "note", "source_url"}
	eventColumns      = []string{"agreement", "date", "event", "note", "source_url"}
	activityColumns   = []string{"id", "agreement", "date", "date_end", "category", "from", "title", "description", "participants",
		"cost_amount", "cost_currency", "paid_by", "outputs", "source_url"}
	sourceColumns    = []string{"url", "title", "publisher", "accessed"}
	coverageColumns  = []string{"government", "from", "to", "source_url"}
	referenceColumns = []string{"scope", "as_of", "figure", "value", "source_url", "note"}
)

// The patterns of ids, written once (datapackage.go) for the reader and the data
// package's description.
var (
	slugPattern     = regexp.MustCompile(`^(?:` + patternSlug + `)$`)
	idPattern       = regexp.MustCompile(`^(?:` + patternID + `)$`)
	wikidataPattern = regexp.MustCompile(`^(?:` + patternWikidata + `)$`)
)

// Known reports whether a record already exists outside the files being read (in the
// database an upload goes into), so references to it are valid. kind is "government"
// or "agreement".
type Known func(kind, id string) bool

// Read parses and validates the import files in fsys (governments.csv, agreements.csv,
// events.csv, activities.csv, sources.csv, coverage.csv, references.csv; any may be
// absent). Nothing is returned
// unless every row is valid: a dataset is accepted whole or not at all.
func Read(fsys fs.FS, known Known) (store.Dataset, error) {
	if known == nil {
		known = func(string, string) bool { return false }
	}
	d := decoder{known: known, govs: map[string]string{}, agreementSides: map[string][2]string{}}
	var tabs [7]table
	specs := []struct {
		file          string
		cols, require []string
	}{
		{"governments.csv", governmentColumns, []string{"slug", "name", "country"}},
		{"agreements.csv", agreementColumns, []string{"id", "government_a", "government_b"}},
		{"events.csv", eventColumns, []string{"agreement", "event"}},
		{"activities.csv", activityColumns, []string{"id", "agreement", "title"}},
		{"sources.csv", sourceColumns, []string{"url"}},
		{"coverage.csv", coverageColumns, []string{"government", "from", "to", "source_url"}},
		{"references.csv", referenceColumns, []string{"scope", "as_of", "figure", "value", "source_url"}},
	}
	for i, s := range specs {
		t, errs := readTable(fsys, s.file, s.cols, s.require, true)
		d.errs = append(d.errs, errs...)
		tabs[i] = t
	}
	if len(d.errs) > 0 {
		return store.Dataset{}, capped(d.errs)
	}
	d.governments(tabs[0])
	d.agreements(tabs[1])
	d.events(tabs[2])
	d.activities(tabs[3])
	d.sources(tabs[4])
	d.coverage(tabs[5])
	d.references(tabs[6])
	if len(d.errs) > 0 {
		return store.Dataset{}, capped(d.errs)
	}
	d.ds.Countries = Countries(d.countryCodes)
	return d.ds, nil
}

// capped keeps the first maxErrors problems: each file stops at the cap on its own,
// so the files of one import together could pass it.
func capped(errs Errors) Errors {
	if len(errs) > maxErrors {
		return errs[:maxErrors]
	}
	return errs
}

// decoder turns validated rows into records, collecting every problem.
type decoder struct {
	known          Known
	ds             store.Dataset
	errs           Errors
	govs           map[string]string    // slug → country, from this import
	agreementSides map[string][2]string // id → its two slugs, from this import
	countryCodes   []string
	t              table
	r              row
}

func (d *decoder) fail(col, format string, args ...any) {
	d.errs = append(d.errs, &FieldError{d.t.file, d.r.line, d.r.cols[col], fmt.Sprintf(col+": "+format, args...)})
}

// text returns a field after checking it is valid UTF-8 of sane length.
func (d *decoder) text(col string, max int) string {
	v := d.r.get(col)
	if !utf8.ValidString(v) {
		d.fail(col, "not valid UTF-8")
		return ""
	}
	if utf8.RuneCountInString(v) > max {
		d.fail(col, "longer than %d characters", max)
	}
	return v
}

func (d *decoder) required(col string, max int) string {
	v := d.text(col, max)
	if v == "" {
		d.fail(col, "required")
	}
	return v
}

func (d *decoder) oneOf(col string, allowed []string, empty string) string {
	v := d.r.get(col)
	if v == "" {
		return empty
	}
	if !slices.Contains(allowed, v) {
		d.fail(col, "%q is not one of %s", v, strings.Join(allowed, ", "))
	}
	return v
}

// date accepts YYYY, YYYY-MM or YYYY-MM-DD; the form is the precision.
func (d *decoder) date(col string) string {
	v := d.r.get(col)
	if v == "" {
		return ""
	}
	if !ValidDate(v) {
		d.fail(col, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", v)
	}
	return v
}

// ValidDate reports whether s is YYYY, YYYY-MM or YYYY-MM-DD with a year from 1000 to 2999.
func ValidDate(s string) bool {
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if layout == "" {
		return false
	}
	t, err := time.Parse(layout, s)
	return err == nil && t.Year() >= 1000 && t.Year() < 3000
}

func (d *decoder) coord(col string, limit float64) *float64 {
	v := d.r.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= -limit && f <= limit) { // written so that NaN fails too
		d.fail(col, "%q is not a number between %v and %v", v, -limit, limit)
		return nil
	}
	return &f
}

// urls splits a ` | `-separated list and accepts only absolute http(s) URLs, so no
// javascript: or data: link can reach a page.
func (d *decoder) urls(col string) []string {
	v := d.text(col, 4000)
	if v == "" {
		return nil
	}
	var out []string
	for _, u := range strings.Split(v, "|") {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		if !ValidURL(u) {
			d.fail(col, "%q is not an http or https URL", u)
			continue
		}
		out = append(out, u)
	}
	return out
}

// ValidURL reports whether s is an absolute http or https URL with a host.
func ValidURL(s string) bool {
	p, err := url.Parse(s)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && !strings.ContainsAny(s, " \t\n")
}

func (d *decoder) governments(t table) {
	d.t = t
	for _, r := range t.rows {
		d.r = r
		g := store.Government{
			Slug:      d.required("slug", 120),
			Name:      d.required("name", 200),
			NameLocal: d.text("name_local", 200),
			NameFR:    d.text("name_fr", 200),
			NameKO:    d.text("name_ko", 200),
			Level:     d.oneOf("level", store.Levels, ""),
			Country:   strings.ToUpper(d.required("country", 2)),
			Region:    d.text("region", 200),
			Parent:    d.text("parent", 120),
			Lat:       d.coord("lat", 90),
			Lon:       d.coord("lon", 180),
			Wikidata:  d.text("wikidata", 20),
			Website:   d.text("website", 500),
			Sources:   d.urls("source_url"),
		}
		if g.Slug != "" && !slugPattern.MatchString(g.Slug) {
			d.fail("slug", "%q must be lower-case ASCII letters and digits joined by single hyphens", g.Slug)
		}
		if _, dup := d.govs[g.Slug]; dup {
			d.fail("slug", "%q appears twice", g.Slug)
		}
		if g.Country != "" && !IsCountry(g.Country) {
			d.fail("country", "%q is not an ISO 3166-1 alpha-2 country code", g.Country)
		}
		if g.Wikidata != "" && !wikidataPattern.MatchString(g.Wikidata) {
			d.fail("wikidata", "%q is not a Wikidata id (Q123)", g.Wikidata)
		}
		if g.Website != "" && !ValidURL(g.Website) {
			d.fail("website", "%q is not an http or https URL", g.Website)
		}
		if (g.Lat == nil) != (g.Lon == nil) {
			d.fail("lat", "lat and lon must be given together")
		}
		d.govs[g.Slug] = g.Country
		if !slices.Contains(d.countryCodes, g.Country) {
			d.countryCodes = append(d.countryCodes, g.Country)
		}
		d.ds.Governments = append(d.ds.Governments, g)
	}
	// Parents may come later in the file, so check them once all slugs are known.
	for i, g := range d.ds.Governments {
		if g.Parent == "" {
			continue
		}
		d.r = t.rows[i]
		switch {
		case g.Parent == g.Slug:
			d.fail("parent", "a government cannot be its own parent")
		case !d.govKnown(g.Parent):
			d.fail("parent", "unknown government %q", g.Parent)
		}
	}
}

func (d *decoder) govKnown(slug string) bool {
	_, ok := d.govs[slug]
	return ok || d.known("government", slug)
}

func (d *decoder) agreementKnown(id string) bool {
	_, ok := d.agreementSides[id]
	return ok || d.known("agreement", id)
}

func (d *decoder) agreements(t table) {
	d.t = t
	for _, r := range t.rows {
		d.r = r
		a := store.Agreement{
			ID:          d.required("id", 250),
			GovernmentA: d.required("government_a", 120),
			GovernmentB: d.required("government_b", 120),
			Kind:        d.oneOf("kind", store.Kinds, "unknown"),
			Signed:      d.date("signed"),
			Status:      d.oneOf("status", store.Statuses, "unverified"),
			Ended:       d.date("ended"),
			Note:        d.text("note", 4000),
			Sources:     d.urls("source_url"),
		}
		if a.ID != "" && !idPattern.MatchString(a.ID) {
			d.fail("id", "%q must be lower-case ASCII letters, digits and - _ .", a.ID)
		}
		if _, dup := d.agreementSides[a.ID]; dup {
			d.fail("id", "%q appears twice", a.ID)
		}
		for _, side := range []string{"government_a", "government_b"} {
			if v := r.get(side); v != "" && !d.govKnown(v) {
				d.fail(side, "unknown government %q", v)
			}
		}
		if a.GovernmentA != "" && a.GovernmentA == a.GovernmentB {
			d.fail("government_b", "an agreement needs two different governments")
		}
		d.agreementSides[a.ID] = [2]string{a.GovernmentA, a.GovernmentB}
		d.ds.Agreements = append(d.ds.Agreements, a)
	}
}

func (d *decoder) agreementRef(col string) string {
	id := d.required(col, 250)
	if id != "" && !d.agreementKnown(id) {
		d.fail(col, "unknown agreement %q", id)
	}
	return id
}

func (d *decoder) events(t table) {
	d.t = t
	for _, r := range t.rows {
		d.r = r
		e := store.Event{
			Agreement: d.agreementRef("agreement"),
			Date:      d.date("date"),
			Event:     d.oneOf("event", store.EventTypes, ""),
			Note:      d.text("note", 4000),
			Sources:   d.urls("source_url"),
		}
		if e.Event == "" {
			d.fail("event", "required")
		}
		d.ds.Events = append(d.ds.Events, e)
	}
}

func (d *decoder) activities(t table) {
	d.t = t
	seen := map[string]bool{}
	for _, r := range t.rows {
		d.r = r
		a := store.Activity{
			ID:           d.required("id", 120),
			Agreement:    d.agreementRef("agreement"),
			Date:         d.date("date"),
			DateEnd:      d.date("date_end"),
			Category:     d.oneOf("category", store.Categories, ""),
			From:         d.text("from", 120),
			Title:        d.required("title", 500),
			Description:  d.text("description", 10000),
			Participants: d.text("participants", 200),
			PaidBy:       d.text("paid_by", 120),
			Outputs:      d.text("outputs", 4000),
			Sources:      d.urls("source_url"),
		}
		d.cost(&a)
		if a.ID != "" && !idPattern.MatchString(a.ID) {
			d.fail("id", "%q must be lower-case ASCII letters, digits and - _ .", a.ID)
		}
		if seen[a.ID] {
			d.fail("id", "%q appears twice", a.ID)
		}
		seen[a.ID] = true
		if a.DateEnd != "" && a.Date != "" && a.DateEnd < a.Date {
			d.fail("date_end", "ends (%s) before it starts (%s)", a.DateEnd, a.Date)
		}
		// The side that travelled must be one of the agreement's parties; for an
		// agreement already in the database the store's check applies instead.
		if sides, ok := d.agreementSides[a.Agreement]; ok && a.From != "" && a.From != "joint" && a.From != sides[0] && a.From != sides[1] {
			d.fail("from", "%q is neither party of agreement %q (nor \"joint\")", a.From, a.Agreement)
		}
		if sides, ok := d.agreementSides[a.Agreement]; ok && a.PaidBy != "" && a.PaidBy != store.PaidShared && a.PaidBy != sides[0] && a.PaidBy != sides[1] {
			d.fail("paid_by", "%q is neither party of agreement %q (nor %q)", a.PaidBy, a.Agreement, store.PaidShared)
		}
		d.ds.Activities = append(d.ds.Activities, a)
	}
}

// cost reads an activity's cost_amount and cost_currency into their recorded form
// (store.NormalizeCost), failing on the column at fault.
func (d *decoder) cost(a *store.Activity) {
	amount, code, err := store.NormalizeCost(d.text("cost_amount", 40), d.text("cost_currency", 10))
	var ce *store.CostError
	if errors.As(err, &ce) {
		col := ce.Field
		if d.r.cols[col] == 0 { // the file has no such column: point at the one it has
			col = map[string]string{"cost_amount": "cost_currency", "cost_currency": "cost_amount"}[col]
		}
		d.errs = append(d.errs, &FieldError{d.t.file, d.r.line, d.r.cols[col], ce.Field + ": " + ce.Error()})
		return
	}
	a.CostAmount, a.CostCurrency = amount, code
}

func (d *decoder) sources(t table) {
	d.t = t
	for _, r := range t.rows {
		d.r = r
		s := store.Source{
			URL:       d.required("url", 4000),
			Title:     d.text("title", 500),
			Publisher: d.text("publisher", 200),
			Accessed:  d.date("accessed"),
		}
		if s.URL != "" && !ValidURL(s.URL) {
			d.fail("url", "%q is not an http or https URL", s.URL)
		}
		d.ds.Sources = append(d.ds.Sources, s)
	}
}

// year reads a four-digit year from 1900 to the last year that has ended: a record
// cannot be complete for a year still running, as a declaration cannot be.
func (d *decoder) year(col string) int {
	v := d.r.get(col)
	y, err := strconv.Atoi(v)
	if last := store.LastDeclarableYear(); err != nil || len(v) != 4 || y < 1900 || y > last {
		d.fail(col, "%q is not a year from 1900 to %d (the last year that has ended)", v, last)
		return 0
	}
	return y
}

// coverage reads the spans for which a government's activity record is complete.
// Every span needs a source: it turns "no activity recorded" into "nothing happened".
func (d *decoder) coverage(t table) {
	d.t = t
	for _, r := range t.rows {
		d.r = r
		s := store.CoverageSpan{Government: d.required("government", 120), From: d.year("from"), To: d.year("to")}
		if s.Government != "" && !d.govKnown(s.Government) {
			d.fail("government", "unknown government %q", s.Government)
		}
		if s.From != 0 && s.To != 0 && s.To < s.From {
			d.fail("to", "%d is before from (%d)", s.To, s.From)
		}
		if urls := d.urls("source_url"); len(urls) != 1 {
			d.fail("source_url", "one http or https URL is required: the document that states the span")
		} else {
			s.Source = urls[0]
		}
		d.ds.Coverage = append(d.ds.Coverage, s)
	}
}

// referenceScopePattern: KR, CA-KR, or CA-KR:British Columbia (a region as the
// governments of the first country record it).
var referenceScopePattern = regexp.MustCompile(`^[A-Z]{2}(-[A-Z]{2}(:[^:|]{1,60})?)?$`)

// references reads published figures to set beside the portal's counts.
func (d *decoder) references(t table) {
	d.t = t
	for _, r := range t.rows {
		d.r = r
		f := store.ReferenceFigure{Scope: d.required("scope", 50), AsOf: d.date("as_of"),
			Figure: d.oneOf("figure", store.ReferenceFigures, ""), Note: d.text("note", 1000)}
		if f.Scope != "" && !referenceScopePattern.MatchString(f.Scope) {
			d.fail("scope", "%q is not a country code (KR), a pair in code order (CA-KR) or a pair and a region of its first country (CA-KR:Ontario)", f.Scope)
		} else if a, b, ok := strings.Cut(strings.SplitN(f.Scope, ":", 2)[0], "-"); ok && b <= a {
			d.fail("scope", "%q: write the pair's codes in alphabetical order (%s-%s)", f.Scope, b, a)
		}
		if f.AsOf == "" {
			d.fail("as_of", "required")
		}
		if f.Figure == "" {
			d.fail("figure", "required")
		}
		v, err := strconv.Atoi(d.r.get("value"))
		if err != nil || v < 0 {
			d.fail("value", "%q is not a whole number", d.r.get("value"))
		}
		f.Value = v
		if urls := d.urls("source_url"); len(urls) != 1 {
			d.fail("source_url", "one http or https URL is required: the publication of the figure")
		} else {
			f.Source = urls[0]
		}
		d.ds.References = append(d.ds.References, f)
	}
}
