package store

import (
	"context"
	"fmt"
)

// Check runs SQLite's integrity check and the foreign-key check and returns every
// problem found, in words.
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := db.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, "integrity: "+s)
		}
	}
	rows.Close()
	rows, err = db.read.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid *int64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign key: a row of %s refers to a missing %s", table, parent))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	costs, err := db.checkCosts(ctx)
	if err != nil {
		return nil, err
	}
	problems = append(problems, costs...)
	maintained, err := db.CheckMaintained(ctx)
	return append(problems, maintained...), err
}

// checkCosts finds costs not in their recorded form (which the ledger's exact sums
// rely on) and payers who are not parties: only a write around the store makes one.
func (db *DB) checkCosts(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, a.cost_amount, a.cost_currency, a.paid_by, ag.government_a, ag.government_b
		FROM activity a JOIN agreement ag ON ag.id = a.agreement WHERE a.cost_amount <> '' OR a.cost_currency <> '' OR a.paid_by <> ''`)
	if err != nil {
		return nil, fmt.Errorf("store: checking costs: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() && len(problems) < 100 {
		var id, amount, code, paidBy, a, b string
		if err := rows.Scan(&id, &amount, &code, &paidBy, &a, &b); err != nil {
			return nil, fmt.Errorf("store: checking costs: %w", err)
		}
		if wantAmount, wantCode, err := NormalizeCost(amount, code); err != nil {
			problems = append(problems, fmt.Sprintf("activity %s: cost %q %q: %v", id, amount, code, err))
		} else if wantAmount != amount || wantCode != code {
			problems = append(problems, fmt.Sprintf("activity %s: cost %q %q is not in its recorded form %q %q", id, amount, code, wantAmount, wantCode))
		}
		if err := checkPayer(paidBy, a, b); err != nil {
			problems = append(problems, fmt.Sprintf("activity %s: paid_by %q is neither party nor %q", id, paidBy, PaidShared))
		}
	}
	return problems, rows.Err()
}

// CheckMaintained recounts what writes maintain (the parties' countries every
// agreement carries, the record totals and both tallies) from the records
// themselves and reports every difference.
func (db *DB) CheckMaintained(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT ag.id, ag.country_a, ag.country_b, ga.country, gb.country
		FROM agreement ag JOIN government ga ON ga.slug = ag.government_a JOIN government gb ON gb.slug = ag.government_b
		WHERE ag.country_a <> ga.country OR ag.country_b <> gb.country LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("store: checking agreement countries: %w", err)
	}
	defer rows.Close()
	var problems []string
	defer func() { rows.Close() }()
	for rows.Next() {
		var id, ca, cb, wantA, wantB string
		if err := rows.Scan(&id, &ca, &cb, &wantA, &wantB); err != nil {
			return nil, fmt.Errorf("store: checking agreement countries: %w", err)
		}
		problems = append(problems, fmt.Sprintf("agreement %s carries countries %s–%s, its parties are in %s–%s", id, ca, cb, wantA, wantB))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: checking agreement countries: %w", err)
	}
	rows.Close()
	totals, err := db.read.QueryContext(ctx, `SELECT k.record, k.n, r.n FROM record_total k JOIN record_total_recount r USING (record)
		WHERE k.n <> r.n`)
	if err != nil {
		return nil, fmt.Errorf("store: recounting record totals: %w", err)
	}
	for totals.Next() {
		var record string
		var kept, recounted int
		if err := totals.Scan(&record, &kept, &recounted); err != nil {
			totals.Close()
			return nil, fmt.Errorf("store: recounting record totals: %w", err)
		}
		problems = append(problems, fmt.Sprintf("record_total: %d %ss kept, %d recounted", kept, record, recounted))
	}
	err = totals.Err()
	totals.Close()
	if err != nil {
		return nil, fmt.Errorf("store: recounting record totals: %w", err)
	}
	for _, t := range []struct{ table, cols string }{
		{"agreement_tally", "country, partner, kind, year, status, n"},
		{"activity_tally", "country, partner, year, category, direction, n"},
		{"cost_tally", "agreement, year, currency, paid_by, minor, n"},
	} {
		// Rows kept but not recounted, and rows recounted but not kept (or kept with
		// another n): both directions of the difference.
		diff, err := db.read.QueryContext(ctx, `SELECT 'kept, not in the recount', * FROM (SELECT `+t.cols+` FROM `+t.table+` EXCEPT SELECT `+t.cols+` FROM `+t.table+`_recount)
			UNION ALL SELECT 'recounted, not kept', * FROM (SELECT `+t.cols+` FROM `+t.table+`_recount EXCEPT SELECT `+t.cols+` FROM `+t.table+`) LIMIT 100`)
		if err != nil {
			return nil, fmt.Errorf("store: recounting %s: %w", t.table, err)
		}
		for diff.Next() {
			var side, a, b, c, d, e string
			var n int
			if err := diff.Scan(&side, &a, &b, &c, &d, &e, &n); err != nil {
				diff.Close()
				return nil, fmt.Errorf("store: recounting %s: %w", t.table, err)
			}
			problems = append(problems, fmt.Sprintf("%s: row (%s, %s, %s, %s, %s) = %d %s", t.table, a, b, c, d, e, n, side))
		}
		err = diff.Err()
		diff.Close()
		if err != nil {
			return nil, fmt.Errorf("store: recounting %s: %w", t.table, err)
		}
	}
	return problems, nil
}

// Exists reports whether a government (kind "government", by slug) or an agreement
// (kind "agreement", by id) is recorded. A failed lookup is an error, never "no".
func (db *DB) Exists(ctx context.Context, kind, id string) (bool, error) {
	q := `SELECT EXISTS (SELECT 1 FROM government WHERE slug = ?)`
	if kind == "agreement" {
		q = `SELECT EXISTS (SELECT 1 FROM agreement WHERE id = ?)`
	}
	var ok bool
	if err := db.reader(ctx).QueryRowContext(ctx, q, id).Scan(&ok); err != nil {
		return false, fmt.Errorf("store: does %s %q exist: %w", kind, id, err)
	}
	return ok, nil
}

// Known is Exists in the shape an import's reference check takes (seed.Known), for
// validating files that refer to recorded records. A lookup that fails answers
// false and is kept: failed returns the first such error, which the caller must
// check before trusting a rejection.
func (db *DB) Known(ctx context.Context) (known func(kind, id string) bool, failed func() error) {
	var first error
	known = func(kind, id string) bool {
		ok, err := db.Exists(ctx, kind, id)
		if err != nil && first == nil {
			first = err
		}
		return ok
	}
	return known, func() error { return first }
}
