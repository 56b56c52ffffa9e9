package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Stats are the headline numbers.
type Stats struct {
	Governments, Agreements, Countries, Activities int
	AsOf                                           string // YYYY-MM-DD of the latest change
}

// Stats counts the records and finds the data's as-of date without counting whole
// tables (a sum over activity_tally alone took 260 ms at world scale after every
// report): agreements and activities from the totals writes keep (migration 0006),
// governments and countries, which only imports and government edits change (both
// invalidate everything), counted once.
func (db *DB) Stats(ctx context.Context) (_ Stats, err error) {
	defer wrap(&err, "statistics")
	govs, err := cached(ctx, db, "stats-governments", func(ctx context.Context) ([2]int, error) {
		var n [2]int
		err := db.reader(ctx).QueryRowContext(ctx, `SELECT (SELECT count(*) FROM government),
			(SELECT count(DISTINCT country) FROM government)`).Scan(&n[0], &n[1])
		return n, err
	})
	if err != nil {
		return Stats{}, err
	}
	s := Stats{Governments: govs[0], Countries: govs[1]}
	note(ctx, worldScope(kindAgreements), worldScope(kindActivities), scopeAsOf)
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT
		coalesce((SELECT n FROM record_total WHERE record = 'agreement'), 0),
		coalesce((SELECT n FROM record_total WHERE record = 'activity'), 0),
		coalesce((`+asOfQuery+`), '')`).Scan(&s.Agreements, &s.Activities, &s.AsOf)
	return s, err
}

// AsOf is the date (YYYY-MM-DD) of the latest recorded change: the data's as-of date,
// which unlike the wall clock only moves when the records do.
func (db *DB) AsOf(ctx context.Context) (_ string, err error) {
	defer wrap(&err, "as-of date")
	note(ctx, scopeAsOf)
	var s string
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT coalesce((`+asOfQuery+`), '')`).Scan(&s)
	return s, err
}

// YearKindCount is the number of agreements of one kind first signed in one year.
type YearKindCount struct {
	Year string // YYYY, or '' when the signing date is unknown
	Kind string
	N    int
}

// AgreementsPerYear counts agreements by signing year and kind, unknown years included
// (Year ”), oldest first.
func (db *DB) AgreementsPerYear(ctx context.Context, f AgreementFilter) ([]YearKindCount, error) {
	return cached(ctx, db, "per-year:"+f.key(), func(ctx context.Context) ([]YearKindCount, error) {
		return db.agreementsPerYear(ctx, f)
	})
}

func (db *DB) agreementsPerYear(ctx context.Context, f AgreementFilter) ([]YearKindCount, error) {
	note(ctx, f.scope())
	if f.Activeness != "" {
		return db.indexedPerYear(ctx, f)
	}
	var rows *sql.Rows
	var err error
	if f.tallied() {
		cond, args := f.tallyWhere()
		rows, err = db.query(ctx, `SELECT year, kind, sum(n) FROM agreement_tally WHERE `+cond+`
			GROUP BY year, kind ORDER BY year, kind`, args...)
	} else {
		cond, args := f.where()
		rows, err = db.query(ctx, `SELECT substr(ag.signed, 1, 4) y, ag.kind, count(*)
			FROM agreement ag WHERE `+cond+` GROUP BY y, ag.kind ORDER BY y, ag.kind`, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("store: agreements per year: %w", err)
	}
	defer rows.Close()
	var out []YearKindCount
	for rows.Next() {
		var c YearKindCount
		if err := rows.Scan(&c.Year, &c.Kind, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// indexedPerYear counts agreements by signing year and kind from the browse index,
// which holds each agreement's activeness.
func (db *DB) indexedPerYear(ctx context.Context, f AgreementFilter) ([]YearKindCount, error) {
	x, err := db.browseIndex(ctx)
	if err != nil {
		return nil, err
	}
	af := x.agFilter(f)
	counts := map[[2]string]int{}
	for i := range x.ags {
		if r := &x.ags[i]; af.fails(x, int32(i)) == 0 {
			y := ""
			if len(r.signed) >= 4 {
				y = r.signed[:4]
			}
			counts[[2]string{y, r.kind}]++
		}
	}
	out := make([]YearKindCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, YearKindCount{Year: k[0], Kind: k[1], N: n})
	}
	slices.SortFunc(out, func(a, b YearKindCount) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Kind, b.Kind))
	})
	return out, nil
}

// notRecordChanges are the change rows about the records rather than changes to
// them: a suggested correction, a declared reporting year, a release cut or
// deleted. The as-of date does not move with them.
var notRecordChanges = []string{"correction", "report", "release"}

// isRecordChange is whether a change row of this type changes the records.
func isRecordChange(recordType string) bool { return !slices.Contains(notRecordChanges, recordType) }

// recordChange selects the change rows that change the records themselves.
var recordChange = `record_type NOT IN ('` + strings.Join(notRecordChanges, "', '") + `')`

// asOfQuery is the date of the newest change to the records. It walks the change log
// back from the newest row (ids grow with time) and stops at the first record change:
// max(at) over the whole log read every row of it on every page (0.3 s at 10× data).
var asOfQuery = `SELECT substr(at, 1, 10) FROM change WHERE ` + recordChange + ` ORDER BY id DESC LIMIT 1`

// DataYears are the first and last years the records speak of: signing years and
// activity years, read from the tallies (0 when none is dated).
func (db *DB) DataYears(ctx context.Context) (first, last int, err error) {
	defer wrap(&err, "the data's years")
	years, err := cached(ctx, db, "data-years", func(ctx context.Context) ([2]int, error) {
		note(ctx, worldScope(kindAgreements), worldScope(kindActivities))
		var y [2]int
		err := db.reader(ctx).QueryRowContext(ctx, `SELECT coalesce(min(y), 0), coalesce(max(y), 0) FROM (
			SELECT CAST(year AS INTEGER) y FROM agreement_tally WHERE year <> ''
			UNION ALL SELECT CAST(year AS INTEGER) FROM activity_tally WHERE year <> '')`).Scan(&y[0], &y[1])
		return y, err
	})
	return years[0], years[1], err
}
