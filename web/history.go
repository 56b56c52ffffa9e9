package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// historyLimit is how many changes the store returns for one record (newest first).
const historyLimit = 500

// showGovernmentHistory is the public history of a government and its agreements.
func (h *handler) showGovernmentHistory(c echo.Context) error {
	ctx := c.Request().Context()
	slug := c.Param("slug")
	ref, err := h.db.Name(ctx, slug)
	if err != nil {
		return err
	}
	changes, err := h.db.GovernmentHistory(ctx, slug)
	if err != nil {
		return err
	}
	l := loc(c)
	name := l.GovName(gov(ref))
	return h.renderHistory(c, name, l.URL("/governments/"+slug), "government", slug, changes)
}

// showAgreementHistory is the public history of an agreement, its lifecycle and its
// activities.
func (h *handler) showAgreementHistory(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	a, err := h.db.AgreementByID(ctx, id)
	if err != nil {
		return err
	}
	changes, err := h.db.AgreementHistory(ctx, id)
	if err != nil {
		return err
	}
	r := h.newResolver(c)
	name := r.agreementName(a.GovernmentA, a.GovernmentB, id)
	if r.err != nil {
		return r.err
	}
	return h.renderHistory(c, name, loc(c).URL("/agreements/"+id), "agreement", id, changes)
}

func (h *handler) renderHistory(c echo.Context, name, recordURL, recordType, recordID string, changes []store.Change) error {
	ctx := c.Request().Context()
	l := loc(c)
	r := h.newResolver(c)
	p := views.HistoryPage{
		Page:      h.page(c, l.F("history.title", "record", name)),
		Heading:   name,
		RecordURL: recordURL,
	}
	if len(changes) >= historyLimit {
		p.Limited = len(changes)
	}
	cameLater := false // the record was created after the default data was loaded
	for _, ch := range changes {
		if ch.RecordType == recordType && ch.RecordID == recordID && ch.Before == "" && ch.After != "" {
			cameLater = true
		}
		p.Changes = append(p.Changes, r.change(ch))
	}
	if r.err != nil {
		return r.err
	}
	if !cameLater {
		datasets, err := h.db.DatasetChanges(ctx)
		if err != nil {
			return err
		}
		for _, d := range datasets { // newest first: the last seed row is the first load
			if d.Actor == "seed" {
				p.Seed = d.At
			}
		}
	}
	if ext := formatOf(c); ext != "html" {
		t := historyTable(p.Title, p.Changes)
		if p.Limited > 0 { // the twin says what the page says: not the whole history
			t.Title += " — " + l.F("history.limited", "n", l.N(p.Limited))
		}
		return h.serveTwin(c, ext, t, p.AsOf)
	}
	return render(c, http.StatusOK, views.History(p))
}

// resolver names and links the records and actors of a history, looking each up once.
type resolver struct {
	ctx  context.Context
	db   *store.DB
	l    *views.Loc
	err  error // the first lookup that failed (not "not found"): the page is not shown
	govs map[string]*views.Gov
	acts map[string]*store.Activity
	ags  map[string]string
}

func (h *handler) newResolver(c echo.Context) *resolver {
	ctx := c.Request().Context()
	return &resolver{ctx: ctx, db: h.db, l: loc(c),
		govs: map[string]*views.Gov{}, acts: map[string]*store.Activity{}, ags: map[string]string{}}
}

// exists reports whether a record is still recorded; a failed lookup is kept in r.err.
func (r *resolver) exists(kind, id string) bool {
	ok, err := r.db.Exists(r.ctx, kind, id)
	r.failed(err)
	return ok
}

// failed keeps the first error that is not "not found".
func (r *resolver) failed(err error) {
	if err != nil && !errors.Is(err, store.ErrNotFound) && r.err == nil {
		r.err = err
	}
}

// gov is a government's names, or nil when it is not (or no longer) recorded.
func (r *resolver) gov(slug string) *views.Gov {
	if g, ok := r.govs[slug]; ok {
		return g
	}
	var g *views.Gov
	if ref, err := r.db.Name(r.ctx, slug); err == nil {
		v := gov(ref)
		g = &v
	} else {
		r.failed(err)
	}
	r.govs[slug] = g
	return g
}

func (r *resolver) govName(slug string) string {
	if g := r.gov(slug); g != nil {
		return r.l.GovName(*g)
	}
	return slug
}

// agreementName is "A – B" in the page's language.
func (r *resolver) agreementName(a, b, id string) string {
	if a == "" || b == "" {
		return id
	}
	return r.govName(a) + " – " + r.govName(b)
}

// actor turns a change's actor ("seed", "public", "official:slug", "admin:slug",
// "admin (command line)") into the view's form; a government is named, never an email
// (actors hold none).
func (r *resolver) actor(s string) views.Actor {
	switch s {
	case "seed", "public":
		return views.Actor{Kind: s}
	case "admin (command line)":
		return views.Actor{Kind: "cli"}
	}
	if role, slug, ok := strings.Cut(s, ":"); ok && (role == "official" || role == "admin") {
		a := views.Actor{Kind: role, Gov: views.Gov{Slug: slug, Name: slug}}
		if g := r.gov(slug); g != nil {
			a.Gov = *g
		}
		return a
	}
	return views.Actor{Kind: "other", Raw: s}
}

// change maps one change row to the view, with its record's name, a link while the
// record exists, and the field-level differences.
func (r *resolver) change(ch store.Change) views.ChangeItem {
	before, after := decodeState(ch.Before), decodeState(ch.After)
	state := after
	if state == nil {
		state = before
	}
	item := views.ChangeItem{At: ch.At, Who: r.actor(ch.Actor), RecordType: ch.RecordType, RecordLabel: ch.RecordID,
		Action: ch.Action, Why: ch.Why, Diff: diffStates(before, after)}
	l := r.l
	switch ch.RecordType {
	case "government":
		item.RecordLabel = r.govName(ch.RecordID)
		if r.exists("government", ch.RecordID) {
			item.RecordURL = l.URL("/governments/" + ch.RecordID)
		}
	case "agreement":
		item.RecordLabel = r.agreementName(stateString(state, "GovernmentA"), stateString(state, "GovernmentB"), ch.RecordID)
		if r.exists("agreement", ch.RecordID) {
			item.RecordURL = l.URL("/agreements/" + ch.RecordID)
		}
	case "activity":
		if t := stateString(state, "Title"); t != "" {
			item.RecordLabel = t
		}
		if a := r.activity(ch.RecordID); a != nil {
			item.RecordURL = l.URL("/agreements/"+a.Agreement) + "#activity-" + ch.RecordID
		}
	case "event":
		if e := stateString(state, "Event"); e != "" {
			item.RecordLabel = l.Term("event", e)
		} else {
			item.RecordLabel = r.agreementLabel(ch.Agreement)
		}
		if ch.Agreement != "" && r.exists("agreement", ch.Agreement) {
			item.RecordURL = l.URL("/agreements/" + ch.Agreement)
		}
	case "report":
		if slug, year, ok := strings.Cut(ch.RecordID, ":"); ok {
			item.RecordLabel = r.govName(slug) + " " + year
		}
		item.RecordURL = l.URL("/reporting")
	case "correction":
		item.RecordLabel = "#" + ch.RecordID
		item.RecordURL = l.URL("/corrections")
	}
	return item
}

// agreementLabel names an agreement by its parties (looked up once), or its id.
func (r *resolver) agreementLabel(id string) string {
	if id == "" {
		return ""
	}
	if s, ok := r.ags[id]; ok {
		return s
	}
	s := id
	if a, err := r.db.AgreementByID(r.ctx, id); err == nil {
		s = r.agreementName(a.GovernmentA, a.GovernmentB, id)
	}
	r.ags[id] = s
	return s
}

func (r *resolver) activity(id string) *store.Activity {
	if a, ok := r.acts[id]; ok {
		return a
	}
	a, err := r.db.ActivityByID(r.ctx, id)
	if err != nil {
		a = nil
		r.failed(err)
	}
	r.acts[id] = a
	return a
}

// decodeState reads a change's before or after JSON; nil when empty. A value that is
// not an object is kept under the field "value".
func decodeState(s string) map[string]any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return map[string]any{"value": s}
	}
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{"value": v}
}

func stateString(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// diffStates lists the fields that differ: for a creation every non-empty field of
// after, for a withdrawal every non-empty field of before, otherwise only the
// fields whose values changed.
func diffStates(before, after map[string]any) []views.FieldChange {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := fieldRank(a) - fieldRank(b); d != 0 {
			return d
		}
		return strings.Compare(fieldName(a), fieldName(b))
	})
	var out []views.FieldChange
	for _, k := range names {
		b, a := valueLines(before[k]), valueLines(after[k])
		if slices.Equal(a, b) {
			continue
		}
		out = append(out, views.FieldChange{Field: fieldName(k), Before: b, After: a})
	}
	return out
}

// fieldOrder is the import format's column order, which the diff table follows.
var fieldOrder = []string{"id", "slug", "name", "name_local", "name_fr", "level", "country", "region", "parent", "lat", "lon",
	"wikidata", "website", "agreement", "government_a", "government_b", "kind", "date", "date_end", "signed", "status", "ended",
	"event", "events", "category", "from", "title", "description", "participants", "cost_amount", "cost_currency", "paid_by", "outputs", "note", "source_url"}

func fieldRank(key string) int {
	if i := slices.Index(fieldOrder, fieldName(key)); i >= 0 {
		return i
	}
	return len(fieldOrder)
}

// fieldName maps a logged field (a Go field name such as GovernmentA or NameFR) to
// the import format's column name (government_a, name_fr).
func fieldName(key string) string {
	if key == "Sources" {
		return "source_url"
	}
	rs := []rune(key)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// valueLines shows a logged value: text as is, a list of texts (sources) one per
// line, a list of records (a lifecycle's events) one record per line; nothing for an
// empty value.
func valueLines(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		var out []string
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				out = append(out, recordLine(m))
			} else if s := scalar(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	default:
		if s := scalar(v); s != "" {
			return []string{s}
		}
		return nil
	}
}

// recordLine is a nested record's non-empty values in column order, joined by " · ".
func recordLine(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if d := fieldRank(a) - fieldRank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, k := range keys {
		if ls := valueLines(m[k]); len(ls) > 0 {
			parts = append(parts, strings.Join(ls, " | "))
		}
	}
	return strings.Join(parts, " · ")
}

func scalar(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSpace(buf.String())
}
