package store

import (
	"context"
	"errors"
)

// The cost ledger: what a scope's activities cost, by relationship, year, currency
// and payer, and how many activities have no cost recorded. Totals stay per
// currency (cost.go): a sum across currencies would need an exchange rate and a
// date, which the record does not have.

// CostLine is the activities of one agreement in one year paid in one currency by one
// payer, summed. A line with no currency counts the activities with no cost recorded.
type CostLine struct {
	Agreement    string
	Year         string // "2019", '' when the activity is undated
	Currency     string // ISO 4217, '' for no cost recorded
	PaidBy       string // a party's slug, PaidShared, or '' when not said
	PayerCountry string // the payer's country when a party paid, else ''
	Minor        int64  // the amounts summed, in the currency's minor units
	Activities   int
}

// CostLedger returns the cost lines of the activities f selects, ordered by
// agreement, year, currency and payer. Only f's place and agreement narrow it.
func (db *DB) CostLedger(ctx context.Context, f ActivityFilter) (_ []CostLine, err error) {
	defer wrap(&err, "cost ledger")
	f = ActivityFilter{Agreement: f.Agreement, Government: f.Government, Country: f.Country, Partner: f.Partner}
	return cached(ctx, db, "ledger\x00"+f.key(), func(ctx context.Context) ([]CostLine, error) {
		note(ctx, f.scope())
		return db.costLines(ctx, f)
	})
}

// costLines reads the cost lines of f's place or agreement from cost_tally, uncached.
func (db *DB) costLines(ctx context.Context, f ActivityFilter) (_ []CostLine, err error) {
	// f's place and agreement conditions name only a.agreement and ag's columns, so
	// the tally, aliased a, takes them as they are.
	cond, args := f.where()
	rows, err := db.query(ctx, `SELECT a.agreement, a.year, a.currency, a.paid_by, coalesce(p.country, ''), a.minor, a.n
		FROM cost_tally a JOIN agreement ag ON ag.id = a.agreement LEFT JOIN government p ON p.slug = a.paid_by
		WHERE `+cond+` ORDER BY 1, 2, 3, 4`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CostLine
	for rows.Next() {
		var l CostLine
		if err := rows.Scan(&l.Agreement, &l.Year, &l.Currency, &l.PaidBy, &l.PayerCountry, &l.Minor, &l.Activities); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AddMinor adds two amounts in minor units of one currency, failing rather than
// wrapping round on an overflow.
func AddMinor(a, b int64) (int64, error) {
	sum := a + b
	if (b > 0 && sum < a) || (b < 0 && sum > a) {
		return a, errors.New("store: a cost total overflows")
	}
	return sum, nil
}
