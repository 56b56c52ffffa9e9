package store

import (
	"context"
	"errors"
	"fmt"
)

// RowError is a failed item of a batch: which one (0-based) and why.
type RowError struct {
	Index int
	Err   error
}

func (e *RowError) Error() string { return fmt.Sprintf("item %d: %v", e.Index+1, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// ReportActivities adds many activities in one transaction, all or none: a
// spreadsheet of reports is saved whole or not at all. Each goes under the id it
// was given, as CreateActivity does: an id already saved with the same details is
// skipped (the same sheet sent twice reports once), an id used for anything else
// fails the whole batch with a RowError wrapping ErrConflict. created counts the
// new ones.
func (db *DB) ReportActivities(ctx context.Context, actor string, acts []Activity, reason string) (created int, err error) {
	defer wrap(&err, "report %d activities", len(acts))
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	for i, a := range acts {
		if !IsNewActivityID(a.ID) {
			return 0, &RowError{i, fmt.Errorf("%w: %q is not an activity id made by the portal", ErrInvalid, a.ID)}
		}
		// Checked (and the cost put in its recorded form) first, so that a sheet sent
		// again compares equal to what it reported the first time.
		if err := checkSide(ctx, tx, &a); err != nil {
			return 0, &RowError{i, err}
		}
		was, err := activityTx(ctx, tx, a.ID)
		switch {
		case err == nil && sameActivity(*was, a) && covers(a.Sources, was.Sources):
			continue
		case err == nil:
			return 0, &RowError{i, fmt.Errorf("%w: activity %s was already reported with other details", ErrConflict, a.ID)}
		case !errors.Is(err, ErrNotFound):
			return 0, err
		}
		var withdrawn bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM change WHERE record_type = 'activity' AND record_id = ?)`,
			a.ID).Scan(&withdrawn); err != nil {
			return 0, err
		}
		if withdrawn {
			return 0, &RowError{i, fmt.Errorf("%w: activity %s was reported and withdrawn", ErrConflict, a.ID)}
		}
		if err := putActivity(ctx, tx, actor, a, nil, reason); err != nil {
			return 0, &RowError{i, err}
		}
		created++
	}
	if created == 0 {
		return 0, nil
	}
	return created, db.commit(ctx, tx)
}
