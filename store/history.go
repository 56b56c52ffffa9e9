package store

import "context"

// Change is one row of the public history.
type Change struct {
	ID                                    int64
	At, Actor, RecordType, RecordID       string
	Agreement, Action, Before, After, Why string
}

const changeCols = `id, at, actor, record_type, record_id, agreement, action, before, after, reason`

func (db *DB) changes(ctx context.Context, q string, args ...any) ([]Change, error) {
	rows, err := db.query(ctx, `SELECT `+changeCols+` FROM change WHERE `+q+` ORDER BY id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ID, &c.At, &c.Actor, &c.RecordType, &c.RecordID, &c.Agreement, &c.Action, &c.Before, &c.After, &c.Why); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AgreementHistory is every change to an agreement, its events and its activities,
// newest first.
func (db *DB) AgreementHistory(ctx context.Context, id string) ([]Change, error) {
	note(ctx, agrScope(id))
	return db.changes(ctx, `agreement = ?`, id)
}

// GovernmentHistory is every change to a government, to its annual reports
// (record id "slug:year") and to its agreements (with their events and
// activities), newest first.
func (db *DB) GovernmentHistory(ctx context.Context, slug string) ([]Change, error) {
	note(ctx, govScope(slug))
	return db.changes(ctx, `(record_type = 'government' AND record_id = ?1)
		OR (record_type = 'report' AND record_id > ?1 || ':' AND record_id < ?1 || ';')
		OR agreement IN (SELECT id FROM agreement WHERE government_a = ?1 OR government_b = ?1)`, slug)
}

// DatasetChanges are the bulk imports (the seed among them), newest first.
func (db *DB) DatasetChanges(ctx context.Context) ([]Change, error) {
	note(ctx, scopeChanges)
	return db.changes(ctx, `record_type = 'dataset'`)
}
