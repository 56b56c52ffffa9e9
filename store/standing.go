package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Standing is where an agreement stood on a date: whether it was in force then.
// In force on a date: signed on or before it, not ended or suspended by then (a
// renewal after a suspension restores it), not planned. The record cannot always
// say: a signing date that is unknown (or only a year, the date's own year) leaves
// it possibly in force, and an unverified agreement is counted apart.
const (
	InForce         = "in_force"
	PossiblyInForce = "possibly"   // the record cannot tell: signing or ending date unknown or too coarse
	NotYetSigned    = "not_yet"    // signed after the date
	EndedBy         = "ended"      // ended or suspended on or before the date
	PlannedOnly     = "planned"    // planned, never signed (status planned)
	UnverifiedOnly  = "unverified" // known only from community-edited lists
)

// Standings lists the standings in display order.
var Standings = []string{InForce, PossiblyInForce, UnverifiedOnly, PlannedOnly, NotYetSigned, EndedBy}

// Today is the current date, YYYY-MM-DD (UTC).
func Today() string { return time.Now().UTC().Format("2006-01-02") }

// StandingOn says where agreement r, with the lifecycle events life (any order),
// stood on date (YYYY-MM-DD). today reports whether date is today, when a status
// of active or ended is itself the answer whatever the dates say.
func StandingOn(r AgreementRow, life []Event, date string, today bool) string {
	// The lifecycle first: an end or a suspension by then (undone by a later
	// renewal or signing), or one the record dates too coarsely to place.
	off, uncertain := false, false
	for _, e := range sortedEvents(life) {
		c := compareDate(e.Date, date)
		if e.Date == "" || c > 0 {
			continue
		}
		ends := e.Event == "ended" || e.Event == "suspended"
		starts := e.Event == "renewed" || e.Event == "sister_signed" || e.Event == "friendship_signed" || e.Event == "upgraded_to_sister"
		if c == 0 { // the day falls inside the event's month or year: it may or may not have happened
			uncertain = uncertain || off && starts || !off && ends
			continue
		}
		switch {
		case ends:
			off = true
		case starts:
			off = false
		}
	}
	switch r.Status {
	case "planned":
		return PlannedOnly
	case "unverified":
		if off {
			return EndedBy
		}
		return UnverifiedOnly
	}
	signed := compareDate(r.Signed, date)
	if signed > 0 {
		return NotYetSigned
	}
	if r.Status == "ended" {
		switch c := compareDate(r.Ended, date); {
		case today || r.Ended != "" && c < 0:
			return EndedBy
		case r.Ended == "" || c == 0:
			uncertain = true // ended at a date the record does not give, or not precisely
		}
	}
	switch {
	case off && !uncertain:
		return EndedBy
	case today && !off:
		return InForce // active now, whatever the record knows of when it began
	case r.Signed == "" || signed == 0 || uncertain:
		return PossiblyInForce
	}
	return InForce
}

// compareDate compares a date of any precision (YYYY, YYYY-MM, YYYY-MM-DD; "" is
// unknown and compares as 0) with a full day: -1 when its span ends on or before
// day (it had happened by then), 1 when the span starts after day, 0 when day
// falls inside the span before its last day (it may or may not have happened) or
// the date is unknown.
func compareDate(d, day string) int {
	if d == "" {
		return 0
	}
	p := day[:len(d)]
	switch {
	case d < p:
		return -1
	case d > p:
		return 1
	case LastDay(d) == day:
		return -1
	}
	return 0
}

// LastDay is the last day of a date's span: 2019-12 → 2019-12-31, 2019 → 2019-12-31.
func LastDay(d string) string {
	switch len(d) {
	case 4:
		return d + "-12-31"
	case 7:
		t, err := time.Parse("2006-01", d)
		if err != nil {
			return d
		}
		return t.AddDate(0, 1, -1).Format("2006-01-02")
	}
	return d
}

func sortedEvents(es []Event) []Event {
	out := slices.Clone(es)
	slices.SortStableFunc(out, func(a, b Event) int { return strings.Compare(a.Date, b.Date) })
	return out
}

// LifecycleEvents returns the dated events that change whether an agreement is in
// force (signed, upgraded, renewed, suspended, ended), by agreement. Every page and
// chart that counts what is in force asks for them: they are read once per change
// of agreements (the one cache), not per page.
func (db *DB) LifecycleEvents(ctx context.Context) (map[string][]Event, error) {
	return cached(ctx, db, "lifecycle-events", db.lifecycleEvents)
}

func (db *DB) lifecycleEvents(ctx context.Context) (map[string][]Event, error) {
	note(ctx, worldScope(kindAgreements))
	rows, err := db.query(ctx, `SELECT agreement, date, event FROM event
		WHERE date <> '' AND event IN ('suspended', 'ended', 'renewed', 'sister_signed', 'friendship_signed', 'upgraded_to_sister')
		ORDER BY agreement, date`)
	if err != nil {
		return nil, fmt.Errorf("store: reading lifecycle events: %w", err)
	}
	defer rows.Close()
	out := map[string][]Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.Agreement, &e.Date, &e.Event); err != nil {
			return nil, fmt.Errorf("store: reading lifecycle events: %w", err)
		}
		out[e.Agreement] = append(out[e.Agreement], e)
	}
	return out, rows.Err()
}

// AllAgreements returns every agreement with both parties (A as recorded), for
// counts of what was in force on a date worldwide; their activity columns are empty.
func (db *DB) AllAgreements(ctx context.Context) (_ []AgreementRow, err error) {
	defer wrap(&err, "every agreement")
	return cached(ctx, db, "all-agreements", func(ctx context.Context) ([]AgreementRow, error) {
		note(ctx, worldScope(kindAgreements))
		return scanAgreementRows(db.query(ctx, agreementRecordSelect+`
			FROM agreement ag
			JOIN government ga ON ga.slug = ag.government_a
			JOIN government gb ON gb.slug = ag.government_b
			ORDER BY ag.id`))
	})
}
