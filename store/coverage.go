package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/twinningtracker/twinning/cache"
)

// scopeCoverage is what every activeness judgement depends on: which years each
// government's record is complete for. A declaration changes the judgement of each
// relationship of its government, on every page that lists one, so it bumps this
// one scope rather than guessing the pages.
const scopeCoverage cache.Scope = "coverage"

// CoverageSpan is an import's statement that a government's activity record is
// complete for the years From..To (coverage.csv).
type CoverageSpan struct {
	Government string
	From, To   int
	Source     string
}

// Coverage is, by government, the years its activity record is known complete for:
// the spans imports stated and the years its officials declared complete.
type Coverage map[string][]CoverageSpan

// Coverage reads every government's coverage (a few rows per reporting government).
func (db *DB) Coverage(ctx context.Context) (Coverage, error) {
	note(ctx, scopeCoverage)
	return db.readCoverage(ctx, db.reader(ctx))
}

func (db *DB) readCoverage(ctx context.Context, q queryer) (Coverage, error) {
	rows, err := q.QueryContext(ctx, `SELECT government, from_year, to_year, source_url FROM coverage
		UNION ALL SELECT government, year, year, '' FROM report ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("store: reading coverage: %w", err)
	}
	defer rows.Close()
	c := Coverage{}
	for rows.Next() {
		var s CoverageSpan
		if err := rows.Scan(&s.Government, &s.From, &s.To, &s.Source); err != nil {
			return nil, fmt.Errorf("store: reading coverage: %w", err)
		}
		c[s.Government] = append(c[s.Government], s)
	}
	return c, rows.Err()
}

// Covered returns the years of w for which either party's record is complete,
// ascending, leaving out years before the agreement was signed (signed: its signing
// date, ” when unknown): a record that is complete for a year the relationship did
// not exist says nothing about the relationship.
func (c Coverage) Covered(w Window, signed string, parties ...string) []int {
	if len(c) == 0 || w.From == 0 {
		return nil
	}
	from := max(w.From, Year(signed))
	var years []int
	for _, g := range parties {
		for _, s := range c[g] {
			for y := max(s.From, from); y <= min(s.To, w.To); y++ {
				years = append(years, y)
			}
		}
	}
	slices.Sort(years)
	return slices.Compact(years)
}

// Spans writes ascending years as ranges: "2021–2022, 2024".
func Spans(years []int) string {
	var b strings.Builder
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, years[i])
		if j > i {
			fmt.Fprintf(&b, "–%d", years[j])
		}
		i = j + 1
	}
	return b.String()
}

// coverage replaces the stated spans of each government the dataset names.
func (im *importer) coverage(spans []CoverageSpan) {
	del := im.prepare(`DELETE FROM coverage WHERE government = ?`)
	st := im.prepare(`INSERT INTO coverage (government, from_year, to_year, source_url) VALUES (?, ?, ?, ?)
		ON CONFLICT (government, from_year) DO UPDATE SET to_year = excluded.to_year, source_url = excluded.source_url`)
	defer closeStmts(del, st)
	cleared := map[string]bool{}
	for _, s := range spans {
		if !cleared[s.Government] {
			im.exec(del, "coverage of "+s.Government, s.Government)
			cleared[s.Government] = true
		}
		im.exec(st, "coverage of "+s.Government, s.Government, s.From, s.To, s.Source)
	}
}
