package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// The newest activities of a country or a country pair. Walking the date index until
// enough of the place's activities turn up reads every newer activity of the world
// first: at world scale 50 of Korea's took 100 ms, re-run after every report that
// touches Korea. Instead the place's agreements are taken newest first by their newest
// activity (the in-memory summary), each agreement's own newest activities read
// through its (agreement, date) index, until no agreement left can hold an activity
// newer than the n-th found. The order and the rows are the date walk's.

// newestMaxAgreements bounds how many agreements the merge reads before it leaves the
// page to the date walk (a filter that few of the busy agreements' activities pass).
const newestMaxAgreements = 200

// newestOfPlace returns the n newest dated activities f selects (date, then id,
// descending), or ok false when f is not a place or the merge would read more than
// newestMaxAgreements agreements.
func (db *DB) newestOfPlace(ctx context.Context, f ActivityFilter, n int) (_ []LatestActivity, ok bool, err error) {
	if !f.tallied() || f.Country == "" || n <= 0 {
		return nil, false, nil
	}
	ids, err := db.placeAgreementIDs(ctx, AgreementFilter{Country: f.Country, Partner: f.Partner})
	if err != nil {
		return nil, false, err
	}
	type candidate struct{ id, last string }
	var cands []candidate
	err = db.withSummary(ctx, func(byAg map[string]agreementActivity) {
		for _, id := range ids {
			if a, ok := byAg[id]; ok && a.last != "" {
				cands = append(cands, candidate{id, a.last})
			}
		}
	})
	if err != nil {
		return nil, false, err
	}
	slices.SortFunc(cands, func(a, b candidate) int { return strings.Compare(b.last, a.last) })
	cond, args := f.where()
	// Once n are found, an agreement is asked only for what would beat the n-th.
	q := `SELECT ` + activityCols + `, ` + govCols("ga") + `, ` + govCols("gb") +
		strings.Replace(activityJoins, "FROM activity a", "FROM activity a INDEXED BY activity_agreement", 1) +
		`WHERE a.agreement = @one AND a.date <> '' AND (a.date > @after_date OR (a.date = @after_date AND a.id > @after_id)) AND ` +
		cond + ` ORDER BY a.date DESC, a.id DESC LIMIT @limit`
	var top []LatestActivity
	for i, c := range cands {
		if len(top) >= n && c.last < top[n-1].Date {
			break // this agreement and every one after it have nothing newer
		}
		if i == newestMaxAgreements {
			return nil, false, nil
		}
		afterDate, afterID := "", ""
		if len(top) >= n {
			afterDate, afterID = top[n-1].Date, top[n-1].ID
		}
		rows, err := scanLatestActivities(db.query(ctx, q, append(slices.Clone(args), sql.Named("one", c.id), sql.Named("limit", n),
			sql.Named("after_date", afterDate), sql.Named("after_id", afterID))...))
		if err != nil {
			return nil, false, fmt.Errorf("store: newest activities of %s: %w", c.id, err)
		}
		top = append(top, rows...)
		slices.SortFunc(top, newestFirst)
		top = top[:min(len(top), n)]
	}
	return top, true, nil
}

// newestFirst orders activities as the date walk does: date, then id, descending.
func newestFirst(a, b LatestActivity) int {
	if c := strings.Compare(b.Date, a.Date); c != 0 {
		return c
	}
	return strings.Compare(b.ID, a.ID)
}

// placeAgreementIDs lists the agreements of a country or pair, cached until an
// agreement of the place is written (a report does not change the list).
func (db *DB) placeAgreementIDs(ctx context.Context, ag AgreementFilter) ([]string, error) {
	ids, err := cached(ctx, db, "agreement-ids:"+ag.key(), func(ctx context.Context) ([]string, error) {
		note(ctx, ag.scope())
		cond, args := ag.where()
		return scanStrings(db.query(ctx, `SELECT ag.id FROM agreement ag WHERE `+cond, args...))
	})
	if err != nil {
		return nil, fmt.Errorf("store: agreements of %s %s: %w", ag.Country, ag.Partner, err)
	}
	return ids, nil
}
