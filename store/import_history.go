package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// An import is one transaction with one dataset change row; on top of it, every
// record the import created or changed gets its own change row (action "import",
// with the record's state before and after), so each record's public history says
// what an upload did to it. The first import into an empty database — the default
// data — is the exception: its single dataset row is every record's history, and
// forty thousand "created" rows would say nothing more.

// importTrail holds, inside the import's transaction, the state before the import of
// every record the dataset names.
type importTrail struct {
	enabled bool
	rd      *stateReader
	govs    map[string]*Government
	ags     map[string]*Agreement
	acts    map[string]*Activity
	events  map[string][]eventState // by agreement
}

// eventState is an event as its agreement's lifecycle history shows it: an import
// replaces the whole lifecycle, so event ids carry no meaning across it.
type eventState struct {
	Date, Event, Note string
	Sources           []string
}

// lifecycle is the logged form of an agreement's events.
type lifecycle struct {
	Events []eventState
}

// beginTrail reads the state before the import of every record in ds that exists.
// The caller must close the trail.
func beginTrail(ctx context.Context, tx *sql.Tx, ds Dataset) (*importTrail, error) {
	t := &importTrail{govs: map[string]*Government{}, ags: map[string]*Agreement{},
		acts: map[string]*Activity{}, events: map[string][]eventState{}}
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM change)`).Scan(&t.enabled); err != nil {
		return nil, err
	}
	if !t.enabled {
		return t, nil
	}
	rd, err := newStateReader(ctx, tx)
	if err != nil {
		return nil, err
	}
	t.rd = rd
	for _, g := range ds.Governments {
		if _, seen := t.govs[g.Slug]; seen {
			continue
		}
		v, err := rd.government(g.Slug)
		if err != nil {
			return t, err
		}
		t.govs[g.Slug] = v // nil: new
	}
	for _, a := range ds.Agreements {
		if _, seen := t.ags[a.ID]; seen {
			continue
		}
		v, err := rd.agreement(a.ID)
		if err != nil {
			return t, err
		}
		t.ags[a.ID] = v
	}
	for _, e := range ds.Events {
		if _, seen := t.events[e.Agreement]; seen {
			continue
		}
		v, err := rd.lifecycle(e.Agreement)
		if err != nil {
			return t, err
		}
		t.events[e.Agreement] = v
	}
	for _, a := range ds.Activities {
		if _, seen := t.acts[a.ID]; seen {
			continue
		}
		v, err := rd.activity(a.ID)
		if err != nil {
			return t, err
		}
		t.acts[a.ID] = v
	}
	return t, nil
}

func (t *importTrail) close() {
	if t != nil && t.rd != nil {
		t.rd.close()
	}
}

// log appends a change row for every record whose state the import changed. A
// record whose imported row matches what it was (the common case when a full
// export is imported again) is recognised without reading it again; a new activity
// (the bulk of a big import) is stored exactly as imported, so its state is taken
// from the dataset, its sources in the order the store lists them (by source id,
// from sourceIDs); any other record is read back in the same transaction.
func (t *importTrail) log(ctx context.Context, tx *sql.Tx, ds Dataset, sourceIDs map[string]int64, actor, at, reason string) error {
	if !t.enabled {
		return nil
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO change (at, actor, record_type, record_id, agreement, action, before, after, reason)
		VALUES (?, ?, ?, ?, ?, 'import', ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	logged := map[string]bool{}
	write := func(kind, id, agreement string, before, after any) error {
		logged[kind+" "+id] = true
		a, err := json.Marshal(after)
		if err != nil {
			return err
		}
		b := ""
		if before != nil {
			bb, err := json.Marshal(before)
			if err != nil {
				return err
			}
			if string(bb) == string(a) {
				return nil // re-imported unchanged
			}
			b = string(bb)
		}
		if _, err := ins.ExecContext(ctx, at, actor, kind, id, agreement, b, string(a), reason); err != nil {
			return fmt.Errorf("import: logging %s %s: %w", kind, id, err)
		}
		return nil
	}
	for _, g := range ds.Governments {
		before := t.govs[g.Slug]
		if logged["government "+g.Slug] || before != nil && sameGovernment(*before, g) {
			continue
		}
		after, err := t.rd.government(g.Slug)
		if err != nil {
			return err
		}
		if err := write("government", g.Slug, "", nilIfNone(before), after); err != nil {
			return err
		}
	}
	for _, a := range ds.Agreements {
		before := t.ags[a.ID]
		if logged["agreement "+a.ID] || before != nil && sameAgreement(*before, a) {
			continue
		}
		after, err := t.rd.agreement(a.ID)
		if err != nil {
			return err
		}
		if err := write("agreement", a.ID, a.ID, nilIfNone(before), after); err != nil {
			return err
		}
	}
	imported := map[string][]Event{}
	var order []string
	for _, e := range ds.Events {
		if _, ok := imported[e.Agreement]; !ok {
			order = append(order, e.Agreement)
		}
		imported[e.Agreement] = append(imported[e.Agreement], e)
	}
	for _, id := range order {
		before := t.events[id]
		if sameLifecycle(before, imported[id]) {
			continue
		}
		after, err := t.rd.lifecycle(id)
		if err != nil {
			return err
		}
		var b any
		if len(before) > 0 {
			b = lifecycle{before}
		}
		if err := write("event", id, id, b, lifecycle{after}); err != nil {
			return err
		}
	}
	for _, a := range ds.Activities {
		before := t.acts[a.ID]
		if logged["activity "+a.ID] || before != nil && sameActivity(*before, a) {
			continue
		}
		var after *Activity
		if before == nil {
			after = importedActivity(a, sourceIDs)
		} else if after, err = t.rd.activity(a.ID); err != nil {
			return err
		}
		if err := write("activity", a.ID, a.Agreement, nilIfNone(before), after); err != nil {
			return err
		}
	}
	return nil
}

// importedActivity is a new activity as the store now holds it: the imported fields,
// and its sources once each, ordered by source id as stateReader.cited reads them.
func importedActivity(a Activity, sourceIDs map[string]int64) *Activity {
	stored := Activity{ID: a.ID, Agreement: a.Agreement, Date: a.Date, DateEnd: a.DateEnd, Category: a.Category,
		From: a.From, Title: a.Title, Description: a.Description, Participants: a.Participants,
		CostAmount: a.CostAmount, CostCurrency: a.CostCurrency, PaidBy: a.PaidBy, Outputs: a.Outputs}
	for _, u := range a.Sources {
		if !slices.Contains(stored.Sources, u) {
			stored.Sources = append(stored.Sources, u)
		}
	}
	slices.SortFunc(stored.Sources, func(x, y string) int { return cmp.Compare(sourceIDs[x], sourceIDs[y]) })
	return &stored
}

// nilIfNone keeps a missing record an untyped nil, so it logs as no state.
func nilIfNone[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}

// covers reports whether importing urls adds no citation to have: citations are
// added to a record's set, never removed by an import.
func covers(have, urls []string) bool {
	for _, u := range urls {
		if !slices.Contains(have, u) {
			return false
		}
	}
	return true
}

func sameFloat(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func sameGovernment(was, g Government) bool {
	return was.Name == g.Name && was.NameLocal == g.NameLocal && was.NameFR == g.NameFR && was.NameKO == g.NameKO && was.Level == g.Level &&
		was.Country == g.Country && was.Region == g.Region && was.Parent == g.Parent && sameFloat(was.Lat, g.Lat) &&
		sameFloat(was.Lon, g.Lon) && was.Wikidata == g.Wikidata && was.Website == g.Website && covers(was.Sources, g.Sources)
}

func sameAgreement(was, a Agreement) bool {
	return was.GovernmentA == a.GovernmentA && was.GovernmentB == a.GovernmentB && was.Kind == a.Kind &&
		was.Signed == a.Signed && was.Status == a.Status && was.Ended == a.Ended && was.Note == a.Note &&
		covers(was.Sources, a.Sources)
}

func sameActivity(was, a Activity) bool {
	return was.Agreement == a.Agreement && was.Date == a.Date && was.DateEnd == a.DateEnd && was.Category == a.Category &&
		was.From == a.From && was.Title == a.Title && was.Description == a.Description &&
		was.Participants == a.Participants && was.CostAmount == a.CostAmount && was.CostCurrency == a.CostCurrency &&
		was.PaidBy == a.PaidBy && was.Outputs == a.Outputs && covers(was.Sources, a.Sources)
}

// sameLifecycle: an import replaces the lifecycle, so it is unchanged only when the
// imported events are the same events with the same sources.
func sameLifecycle(was []eventState, es []Event) bool {
	if len(was) != len(es) {
		return false
	}
	for i, e := range es {
		w := was[i]
		if w.Date != e.Date || w.Event != e.Event || w.Note != e.Note || !covers(w.Sources, e.Sources) || !covers(e.Sources, w.Sources) {
			return false
		}
	}
	return true
}

// stateReader reads records with their citations inside the import's transaction,
// with statements prepared once for the thousands of records of a big import.
type stateReader struct {
	ctx                        context.Context
	gov, ag, act, events, cite *sql.Stmt
}

func newStateReader(ctx context.Context, tx *sql.Tx) (*stateReader, error) {
	r := &stateReader{ctx: ctx}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	r.gov = prep(`SELECT ` + governmentCols + ` FROM government WHERE slug = ?`)
	r.ag = prep(`SELECT ` + agreementCols + ` FROM agreement WHERE id = ?`)
	r.act = prep(`SELECT ` + activityCols + ` FROM activity a WHERE a.id = ?`)
	r.events = prep(`SELECT id, date, event, note FROM event WHERE agreement = ? ORDER BY id`)
	r.cite = prep(`SELECT s.url FROM citation c JOIN source s ON s.id = c.source
		WHERE c.record_type = ? AND c.record_id = ? ORDER BY s.id`)
	if err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *stateReader) close() { closeStmts(r.gov, r.ag, r.act, r.events, r.cite) }

// absent turns "no row" into a nil record and no error.
func absent(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

func (r *stateReader) cited(recordType, id string) ([]string, error) {
	return scanStrings(r.cite.QueryContext(r.ctx, recordType, id))
}

func (r *stateReader) government(slug string) (*Government, error) {
	var g Government
	err := r.gov.QueryRowContext(r.ctx, slug).Scan(g.fields()...)
	if err != nil {
		return nil, absent(err)
	}
	g.Sources, err = r.cited("government", slug)
	return &g, err
}

func (r *stateReader) agreement(id string) (*Agreement, error) {
	var a Agreement
	err := r.ag.QueryRowContext(r.ctx, id).Scan(a.fields()...)
	if err != nil {
		return nil, absent(err)
	}
	a.Sources, err = r.cited("agreement", id)
	return &a, err
}

func (r *stateReader) activity(id string) (*Activity, error) {
	var a Activity
	err := r.act.QueryRowContext(r.ctx, id).Scan(a.fields()...)
	if err != nil {
		return nil, absent(err)
	}
	a.Sources, err = r.cited("activity", id)
	return &a, err
}

// lifecycle reads an agreement's events, in order, with their sources.
func (r *stateReader) lifecycle(agreement string) ([]eventState, error) {
	rows, err := r.events.QueryContext(r.ctx, agreement)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var out []eventState
	for rows.Next() {
		var id int64
		var e eventState
		if err := rows.Scan(&id, &e.Date, &e.Event, &e.Note); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if out[i].Sources, err = r.cited("event", itoa(id)); err != nil {
			return nil, err
		}
	}
	return out, nil
}
