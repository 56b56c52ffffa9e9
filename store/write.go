package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"
)

// ErrForbidden is returned when an account may not change a record.
var ErrForbidden = errors.New("store: not allowed")

// Every write below runs in one transaction that also appends its change row, so a
// record never changes without its public trace, and a failed write leaves nothing.

// logChange appends a change row inside tx.
func logChange(ctx context.Context, tx *sql.Tx, actor, recordType, recordID, agreement, action string, before, after any, reason string) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO change (at, actor, record_type, record_id, agreement, action, before, after, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, now(), actor, recordType, recordID, agreement, action, b, a, reason)
	return err
}

// NewActivityID makes an id for an activity reported through the portal.
func NewActivityID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return "act-" + time.Now().UTC().Format("20060102") + "-" + hex.EncodeToString(b)
}

var newActivityID = regexp.MustCompile(`^act-[0-9]{8}-[0-9a-f]{8}$`)

// IsNewActivityID reports whether id has the form NewActivityID gives, the only ids a
// report form may propose for a new activity.
func IsNewActivityID(id string) bool { return newActivityID.MatchString(id) }

// activityTx reads an activity and its sources inside tx.
func activityTx(ctx context.Context, tx queryer, id string) (*Activity, error) {
	var a Activity
	err := tx.QueryRowContext(ctx, `SELECT `+activityCols+` FROM activity a WHERE a.id = ?`, id).
		Scan(a.fields()...)
	if err != nil {
		return nil, notFound(err)
	}
	a.Sources, err = citedTx(ctx, tx, "activity", id)
	return &a, err
}

func citedTx(ctx context.Context, tx queryer, recordType, id string) ([]string, error) {
	return scanStrings(tx.QueryContext(ctx, `SELECT s.url FROM citation c JOIN source s ON s.id = c.source
		WHERE c.record_type = ? AND c.record_id = ? ORDER BY s.id`, recordType, id))
}

// scanStrings reads a one-column result.
func scanStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// citeTx replaces a record's citations.
func citeTx(ctx context.Context, tx *sql.Tx, recordType, id string, urls []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM citation WHERE record_type = ? AND record_id = ?`, recordType, id); err != nil {
		return err
	}
	for _, u := range urls {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source (url) VALUES (?) ON CONFLICT (url) DO NOTHING`, u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO citation (record_type, record_id, source)
			SELECT ?, ?, id FROM source WHERE url = ?`, recordType, id, u); err != nil {
			return err
		}
	}
	return nil
}

// checkSide verifies that the side that travelled and the payer are parties of the
// agreement ("joint", "shared" or unknown), and puts the cost in its recorded form.
func checkSide(ctx context.Context, tx *sql.Tx, act *Activity) error {
	var a, b string
	if err := tx.QueryRowContext(ctx, `SELECT government_a, government_b FROM agreement WHERE id = ?`, act.Agreement).Scan(&a, &b); err != nil {
		return notFound(err)
	}
	if act.From != "" && act.From != "joint" && act.From != a && act.From != b {
		return fmt.Errorf("%w: %q is not a party of %s", ErrInvalid, act.From, act.Agreement)
	}
	if err := checkPayer(act.PaidBy, a, b); err != nil {
		return fmt.Errorf("activity %s: %w", act.ID, err)
	}
	if err := normalizeActivityCost(act); err != nil {
		return fmt.Errorf("activity %s: %w", act.ID, err)
	}
	return nil
}

// ErrInvalid marks a write the store refused as inconsistent.
var ErrInvalid = errors.New("store: invalid")

// SaveActivity adds an activity (when it has no id yet or the id is new) or
// replaces it, citing its sources, with a change row.
func (db *DB) SaveActivity(ctx context.Context, actor string, a Activity, reason string) (Activity, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return a, err
	}
	defer tx.Rollback()
	if err := checkSide(ctx, tx, &a); err != nil {
		return a, err
	}
	var before *Activity
	if a.ID == "" {
		a.ID = NewActivityID()
	} else if before, err = activityTx(ctx, tx, a.ID); err == nil {
		if before.Agreement != a.Agreement {
			return a, fmt.Errorf("%w: an activity cannot move to another agreement", ErrInvalid)
		}
	} else if !errors.Is(err, ErrNotFound) {
		return a, err
	}
	if err := putActivity(ctx, tx, actor, a, before, reason); err != nil {
		return a, err
	}
	return a, db.commit(ctx, tx)
}

// ErrConflict marks a write whose id was already used for something else.
var ErrConflict = errors.New("store: conflict")

// CreateActivity adds a new activity under the id the report form was given when it
// was shown, so that sending the same form twice (a retry after a lost answer, a
// double click) reports it once. created is false when the id was already used: for
// the same report, nothing is written and the activity as saved is returned; for
// anything else (another report, a withdrawn one) the answer is ErrConflict.
func (db *DB) CreateActivity(ctx context.Context, actor string, a Activity, reason string) (saved Activity, created bool, err error) {
	if a.ID == "" {
		a.ID = NewActivityID()
	}
	// In its recorded form before it is compared with a report already saved.
	if err := normalizeActivityCost(&a); err != nil {
		return a, false, err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return a, false, err
	}
	defer tx.Rollback()
	var used bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM change WHERE record_type = 'activity' AND record_id = ?)
		OR EXISTS (SELECT 1 FROM activity WHERE id = ?)`, a.ID, a.ID).Scan(&used); err != nil {
		return a, false, err
	}
	if used {
		was, err := activityTx(ctx, tx, a.ID)
		if err == nil && sameActivity(*was, a) && covers(a.Sources, was.Sources) {
			return *was, false, nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return a, false, err
		}
		return a, false, fmt.Errorf("%w: activity %s was already reported with other details", ErrConflict, a.ID)
	}
	if err := checkSide(ctx, tx, &a); err != nil {
		return a, false, err
	}
	if err := putActivity(ctx, tx, actor, a, nil, reason); err != nil {
		return a, false, err
	}
	return a, true, db.commit(ctx, tx)
}

// putActivity writes a (created when before is nil, else updated) with its sources
// and change row, inside tx.
func putActivity(ctx context.Context, tx *sql.Tx, actor string, a Activity, before *Activity, reason string) error {
	action := "create"
	if before != nil {
		action = "update"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO activity (id, agreement, date, date_end, category, from_side, title, description, participants,
			cost_amount, cost_currency, paid_by, outputs, reported_by, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET date = excluded.date, date_end = excluded.date_end, category = excluded.category,
			from_side = excluded.from_side, title = excluded.title, description = excluded.description,
			participants = excluded.participants, cost_amount = excluded.cost_amount, cost_currency = excluded.cost_currency,
			paid_by = excluded.paid_by, outputs = excluded.outputs, reported_by = excluded.reported_by, reported_at = excluded.reported_at`,
		a.ID, a.Agreement, a.Date, a.DateEnd, a.Category, a.From, a.Title, a.Description, a.Participants,
		a.CostAmount, a.CostCurrency, a.PaidBy, a.Outputs, actor, now()); err != nil {
		return err
	}
	if err := citeTx(ctx, tx, "activity", a.ID, a.Sources); err != nil {
		return err
	}
	var beforeV any
	if before != nil {
		beforeV = before
		if err := reopenConfirmation(ctx, tx, actor, "activity", a.ID); err != nil {
			return err
		}
	} else if err := awaitConfirmation(ctx, tx, actor, "activity", a.ID, a.Agreement); err != nil {
		return err
	}
	return logChange(ctx, tx, actor, "activity", a.ID, a.Agreement, action, beforeV, a, reason)
}

// WithdrawActivity removes an activity from the record; its last state and the
// reason stay in the public history.
func (db *DB) WithdrawActivity(ctx context.Context, actor, id, reason string) (Activity, error) {
	if reason == "" {
		return Activity{}, fmt.Errorf("%w: withdrawing needs a reason", ErrInvalid)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return Activity{}, err
	}
	defer tx.Rollback()
	before, err := activityTx(ctx, tx, id)
	if err != nil {
		return Activity{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM citation WHERE record_type = 'activity' AND record_id = ?`, id); err != nil {
		return Activity{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM activity WHERE id = ?`, id); err != nil {
		return Activity{}, err
	}
	if err := dropConfirmation(ctx, tx, "activity", id); err != nil {
		return Activity{}, err
	}
	if err := logChange(ctx, tx, actor, "activity", id, before.Agreement, "withdraw", before, nil, reason); err != nil {
		return Activity{}, err
	}
	return *before, db.commit(ctx, tx)
}

// ActivityByID returns one activity with its sources.
func (db *DB) ActivityByID(ctx context.Context, id string) (r *Activity, err error) {
	err = db.readTx(ctx, func(tx queryer) error {
		r, err = activityTx(ctx, tx, id)
		return err
	})
	return r, err
}

// agreementTx reads an agreement's own fields and sources inside tx.
func agreementTx(ctx context.Context, tx queryer, id string) (*Agreement, error) {
	var a Agreement
	err := tx.QueryRowContext(ctx, `SELECT `+agreementCols+` FROM agreement WHERE id = ?`, id).Scan(a.fields()...)
	if err != nil {
		return nil, notFound(err)
	}
	a.Sources, err = citedTx(ctx, tx, "agreement", id)
	return &a, err
}

// SaveAgreement creates or updates an agreement, citing its sources, with a change row.
func (db *DB) SaveAgreement(ctx context.Context, actor string, a Agreement, reason string) (Agreement, error) {
	return db.SaveAgreementCorrected(ctx, actor, a, reason, 0)
}

// SaveAgreementCorrected is SaveAgreement making the edit an accepted correction
// asks for: the correction (unless 0) is linked to the edit's change row in the
// same transaction, or nothing is written (ErrNotApplicable).
func (db *DB) SaveAgreementCorrected(ctx context.Context, actor string, a Agreement, reason string, correction int64) (Agreement, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return a, err
	}
	defer tx.Rollback()
	before, err := agreementTx(ctx, tx, a.ID)
	action := "update"
	switch {
	case errors.Is(err, ErrNotFound):
		action, before = "create", nil
	case err != nil:
		return a, err
	case before.GovernmentA != a.GovernmentA || before.GovernmentB != a.GovernmentB:
		return a, fmt.Errorf("%w: an agreement's parties cannot change", ErrInvalid)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO agreement (id, government_a, government_b, kind, signed, status, ended, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, signed = excluded.signed, status = excluded.status,
			ended = excluded.ended, note = excluded.note`,
		a.ID, a.GovernmentA, a.GovernmentB, a.Kind, a.Signed, a.Status, a.Ended, a.Note); err != nil {
		return a, err
	}
	if err := citeTx(ctx, tx, "agreement", a.ID, a.Sources); err != nil {
		return a, err
	}
	var beforeV any
	if before != nil {
		beforeV = before
		if err := reopenConfirmation(ctx, tx, actor, "agreement", a.ID); err != nil {
			return a, err
		}
	} else if err := awaitConfirmation(ctx, tx, actor, "agreement", a.ID, a.ID); err != nil {
		return a, err
	}
	if err := logChange(ctx, tx, actor, "agreement", a.ID, a.ID, action, beforeV, a, reason); err != nil {
		return a, err
	}
	if correction != 0 {
		var change int64
		if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM change`).Scan(&change); err != nil {
			return a, err
		}
		if err := applyCorrectionTx(ctx, tx, actor, correction, change, "agreement", a.ID); err != nil {
			return a, err
		}
	}
	return a, db.commit(ctx, tx)
}

// AgreementByID returns an agreement's own fields and sources.
func (db *DB) AgreementByID(ctx context.Context, id string) (r *Agreement, err error) {
	err = db.readTx(ctx, func(tx queryer) error {
		r, err = agreementTx(ctx, tx, id)
		return err
	})
	return r, err
}

// AddEvent adds a lifecycle event to an agreement, with a change row.
func (db *DB) AddEvent(ctx context.Context, actor string, e Event, reason string) (Event, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return e, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `INSERT INTO event (agreement, date, event, note) VALUES (?, ?, ?, ?) RETURNING id`,
		e.Agreement, e.Date, e.Event, e.Note).Scan(&e.ID); err != nil {
		return e, err
	}
	if err := citeTx(ctx, tx, "event", itoa(e.ID), e.Sources); err != nil {
		return e, err
	}
	if err := logChange(ctx, tx, actor, "event", itoa(e.ID), e.Agreement, "create", nil, e, reason); err != nil {
		return e, err
	}
	return e, db.commit(ctx, tx)
}
