package store

import (
	"context"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func scanActivities(ctx context.Context, db *DB, q string, args ...any) ([]Activity, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		var a Activity
		if err := rows.Scan(a.fields()...); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AgreementActivities lists an agreement's activities, newest first.
func (db *DB) AgreementActivities(ctx context.Context, agreement string) (_ []Activity, err error) {
	defer wrap(&err, "activities of %s", agreement)
	note(ctx, agrScope(agreement))
	acts, err := scanActivities(ctx, db, `SELECT `+activityCols+` FROM activity a
		WHERE a.agreement = ? ORDER BY a.date DESC, a.id DESC`, agreement)
	if err != nil {
		return nil, err
	}
	for i := range acts {
		if acts[i].Sources, err = db.SourceURLs(ctx, "activity", acts[i].ID); err != nil {
			return nil, err
		}
	}
	return acts, nil
}

// LatestActivity is an activity with the agreement's two parties.
type LatestActivity struct {
	Activity
	A, B GovRef
}

// LatestActivities returns the n most recent activities, newest first.
func (db *DB) LatestActivities(ctx context.Context, n int) ([]LatestActivity, error) {
	return db.Activities(ctx, ActivityFilter{}, n)
}
