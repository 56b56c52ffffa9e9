package store

import (
	"context"
	"fmt"
	"strings"
)

// ReferenceFigure is a published count the portal's own count is read against
// (references.csv): GAOK via APF counts Korea's relationships as 1,725 in December
// 2019; the portal holds fewer, and a reader must see both.
type ReferenceFigure struct {
	Scope  string // "KR", "CA-KR" (codes in order) or "CA-KR:Ontario" (the pair within a region of its first country)
	AsOf   string // YYYY, YYYY-MM or YYYY-MM-DD: the date the figure counts
	Figure string // one of ReferenceFigures
	Value  int
	Source string
	Note   string // what the publisher counted, in its words
}

// ReferenceFigures are what a reference figure may count.
var ReferenceFigures = []string{"relationships", "sister", "friendship", "countries"}

// ReferenceScope is the scope key of a country (cc2 empty) or a country pair.
func ReferenceScope(cc, cc2 string) string {
	a, b := strings.ToUpper(cc), strings.ToUpper(cc2)
	if b == "" {
		return a
	}
	if b < a {
		a, b = b, a
	}
	return a + "-" + b
}

// References lists the figures published for scope and for its regions
// (scope:REGION), by scope, date and figure. They change only by import.
func (db *DB) References(ctx context.Context, scope string) ([]ReferenceFigure, error) {
	return db.references(ctx, `scope = ?1 OR substr(scope, 1, length(?1) + 1) = ?1 || ':'`, scope)
}

// AllReferences lists every reference figure (exports).
func (db *DB) AllReferences(ctx context.Context) ([]ReferenceFigure, error) {
	return db.references(ctx, `1`)
}

func (db *DB) references(ctx context.Context, where string, args ...any) ([]ReferenceFigure, error) {
	rows, err := db.query(ctx, `SELECT scope, as_of, figure, value, source_url, note FROM reference_figure
		WHERE `+where+` ORDER BY scope, as_of, figure`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: reading reference figures: %w", err)
	}
	defer rows.Close()
	var out []ReferenceFigure
	for rows.Next() {
		var r ReferenceFigure
		if err := rows.Scan(&r.Scope, &r.AsOf, &r.Figure, &r.Value, &r.Source, &r.Note); err != nil {
			return nil, fmt.Errorf("store: reading reference figures: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (im *importer) references(rs []ReferenceFigure) {
	st := im.prepare(`INSERT INTO reference_figure (scope, as_of, figure, value, source_url, note) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (scope, as_of, figure) DO UPDATE SET value = excluded.value, source_url = excluded.source_url, note = excluded.note`)
	defer closeStmts(st)
	for _, r := range rs {
		im.exec(st, "reference figure "+r.Scope+" "+r.Figure, r.Scope, r.AsOf, r.Figure, r.Value, r.Source, r.Note)
	}
}
