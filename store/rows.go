package store

import (
	"context"
	"database/sql"
	"errors"
)

// GovRef is the part of a government shown wherever it is named.
type GovRef struct {
	Slug, Name, NameLocal, NameFR, NameKO, Country, Region, Level string
}

// AgreementRow is an agreement with both parties, as lists show it. In lists that
// belong to one government or country, A is that side.
type AgreementRow struct {
	ID, Kind, Signed, Status, Ended, Note string
	A, B                                  GovRef
	Activities                            int
	LastActivity                          string // date of the newest activity, '' if none
}

// govCols selects a GovRef from a government aliased as alias.
func govCols(alias string) string {
	return alias + ".slug, " + alias + ".name, " + alias + ".name_local, " + alias + ".name_fr, " + alias + ".name_ko, " +
		alias + ".country, " + alias + ".region, " + alias + ".level"
}

func (g *GovRef) scanArgs() []any {
	return []any{&g.Slug, &g.Name, &g.NameLocal, &g.NameFR, &g.NameKO, &g.Country, &g.Region, &g.Level}
}

// agreementSelect yields AgreementRow columns; the query adds FROM/JOIN so that ga
// and gb are the two sides in display order.
const agreementSelect = `SELECT ag.id, ag.kind, ag.signed, ag.status, ag.ended, ag.note,
	ga.slug, ga.name, ga.name_local, ga.name_fr, ga.name_ko, ga.country, ga.region, ga.level,
	gb.slug, gb.name, gb.name_local, gb.name_fr, gb.name_ko, gb.country, gb.region, gb.level,
	(SELECT count(*) FROM activity ac WHERE ac.agreement = ag.id),
	(SELECT coalesce(max(ac.date), '') FROM activity ac WHERE ac.agreement = ag.id)`

// agreementRecordSelect is agreementSelect without the activity columns (0 and ”),
// for lists whose activity counts come from the activity summary instead, so that
// the list itself does not change with every report (withActivity).
const agreementRecordSelect = `SELECT ag.id, ag.kind, ag.signed, ag.status, ag.ended, ag.note,
	ga.slug, ga.name, ga.name_local, ga.name_fr, ga.name_ko, ga.country, ga.region, ga.level,
	gb.slug, gb.name, gb.name_local, gb.name_fr, gb.name_ko, gb.country, gb.region, gb.level, 0, ''`

func scanAgreementRows(rows *sql.Rows, err error) ([]AgreementRow, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgreementRow
	for rows.Next() {
		var r AgreementRow
		args := append([]any{&r.ID, &r.Kind, &r.Signed, &r.Status, &r.Ended, &r.Note}, r.A.scanArgs()...)
		args = append(args, r.B.scanArgs()...)
		args = append(args, &r.Activities, &r.LastActivity)
		if err := rows.Scan(args...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// query runs a read in ctx's read view, or on the read-only pool outside one.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.reader(ctx).QueryContext(ctx, q, args...)
}
