package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Confirmation is the other party's word on a record one party entered.
type Confirmation struct {
	RecordType, RecordID, Agreement string
	ReportedBy, Awaiting            string // government slugs
	State                           string // awaiting | confirmed | disputed
	DecidedAt, DecidedBy, Reason    string
}

// ConfirmationKey is how Confirmations maps a record: "activity:ID", "agreement:ID".
func ConfirmationKey(recordType, id string) string { return recordType + ":" + id }

// awaitConfirmation records, inside the transaction that creates a record, that the
// other party's confirmation is awaited, when an official of one party entered it.
// An administrator's records, and those of an official who governs both parties
// (a province and its own municipality), await nothing.
func awaitConfirmation(ctx context.Context, tx *sql.Tx, actor, recordType, recordID, agreement string) error {
	role, gov, _ := strings.Cut(actor, ":")
	if role != "official" {
		return nil
	}
	var a, b, pa, pb string
	err := tx.QueryRowContext(ctx, `SELECT ag.government_a, ag.government_b, coalesce(ga.parent, ''), coalesce(gb.parent, '')
		FROM agreement ag JOIN government ga ON ga.slug = ag.government_a JOIN government gb ON gb.slug = ag.government_b
		WHERE ag.id = ?`, agreement).Scan(&a, &b, &pa, &pb)
	if err != nil {
		return fmt.Errorf("parties of %s: %w", agreement, notFound(err))
	}
	sideA, sideB := a == gov || pa == gov, b == gov || pb == gov
	reporter, awaiting := a, b
	switch {
	case sideA == sideB: // both parties, or neither (an admin-like actor): nothing to await
		return nil
	case sideB:
		reporter, awaiting = b, a
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO confirmation (record_type, record_id, agreement, reported_by, awaiting, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, recordType, recordID, agreement, reporter, awaiting, now())
	return err
}

// reopenConfirmation sets a decided record back to awaiting when someone other than
// the awaited party edits it: what was confirmed (or disputed) is not what the
// record says any more. The decision stays in the public history.
func reopenConfirmation(ctx context.Context, tx *sql.Tx, actor, recordType, recordID string) error {
	_, gov, _ := strings.Cut(actor, ":")
	_, err := tx.ExecContext(ctx, `UPDATE confirmation SET state = 'awaiting', decided_at = '', decided_by = '', reason = ''
		WHERE record_type = ?1 AND record_id = ?2 AND state <> 'awaiting' AND awaiting <> ?3
		AND coalesce((SELECT parent FROM government WHERE slug = confirmation.awaiting), '') <> ?3`,
		recordType, recordID, gov)
	return err
}

const confirmationCols = `record_type, record_id, agreement, reported_by, awaiting, state, decided_at, decided_by, reason`

// fields are the scan targets of confirmationCols, in order.
func (c *Confirmation) fields() []any {
	return []any{&c.RecordType, &c.RecordID, &c.Agreement, &c.ReportedBy, &c.Awaiting, &c.State, &c.DecidedAt, &c.DecidedBy, &c.Reason}
}

func scanConfirmations(rows *sql.Rows, err error) (map[string]Confirmation, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Confirmation{}
	for rows.Next() {
		var c Confirmation
		if err := rows.Scan(c.fields()...); err != nil {
			return nil, err
		}
		out[ConfirmationKey(c.RecordType, c.RecordID)] = c
	}
	return out, rows.Err()
}

// AgreementConfirmations are the confirmations of an agreement and of its
// activities, by ConfirmationKey.
func (db *DB) AgreementConfirmations(ctx context.Context, agreement string) (_ map[string]Confirmation, err error) {
	defer wrap(&err, "confirmations of %s", agreement)
	note(ctx, agrScope(agreement))
	return scanConfirmations(db.query(ctx, `SELECT `+confirmationCols+` FROM confirmation WHERE agreement = ?`, agreement))
}

// GovernmentConfirmations are the confirmations of every record of a government's
// agreements, by ConfirmationKey.
func (db *DB) GovernmentConfirmations(ctx context.Context, slug string) (_ map[string]Confirmation, err error) {
	defer wrap(&err, "confirmations of %s", slug)
	note(ctx, govScope(slug))
	return scanConfirmations(db.query(ctx, `SELECT `+confirmationCols+` FROM confirmation
		WHERE reported_by = ?1 OR awaiting = ?1`, slug))
}

// ConfirmationOf is the confirmation of one record, or ErrNotFound.
func (db *DB) ConfirmationOf(ctx context.Context, recordType, recordID string) (c Confirmation, err error) {
	defer wrap(&err, "confirmation of %s %s", recordType, recordID)
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT `+confirmationCols+` FROM confirmation WHERE record_type = ? AND record_id = ?`,
		recordType, recordID).Scan(c.fields()...)
	return c, notFound(err)
}

// Awaiting is a record whose confirmation a government's officials are asked for.
type Awaiting struct {
	Confirmation
	Label string // the activity's title, or "" for an agreement
	A, B  GovRef // the agreement's parties
}

// AwaitingConfirmation lists the records awaiting the word of any of the
// governments (of any government at all when governments is nil: an admin's
// list), oldest first.
func (db *DB) AwaitingConfirmation(ctx context.Context, governments []string, limit int) (_ []Awaiting, err error) {
	defer wrap(&err, "records awaiting confirmation")
	where := `1`
	args := []any{}
	for _, g := range governments {
		args = append(args, g)
	}
	if governments != nil {
		if len(governments) == 0 {
			return nil, nil
		}
		where = `c.awaiting IN (` + strings.Repeat("?, ", len(args)-1) + `?)`
	}
	rows, err := db.query(ctx, `SELECT `+prefixed("c", confirmationCols)+`, coalesce(act.title, ''), `+govCols("ga")+`, `+govCols("gb")+`
		FROM confirmation c JOIN agreement ag ON ag.id = c.agreement
		JOIN government ga ON ga.slug = ag.government_a JOIN government gb ON gb.slug = ag.government_b
		LEFT JOIN activity act ON c.record_type = 'activity' AND act.id = c.record_id
		WHERE c.state = 'awaiting' AND `+where+`
		ORDER BY c.created_at, c.record_id LIMIT `+itoa(int64(limit)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Awaiting
	for rows.Next() {
		var w Awaiting
		dest := append(w.Confirmation.fields(), &w.Label)
		if err := rows.Scan(append(append(dest, w.A.scanArgs()...), w.B.scanArgs()...)...); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Decisions on a record awaiting confirmation.
const (
	Confirm = "confirmed"
	Dispute = "disputed"
)

// MaxDisputeReason bounds a decision's reason.
const MaxDisputeReason = 2000

// DecideConfirmation records the awaited party's word on a record: confirmed, or
// disputed with a reason. Only an official who governs the awaited party, or an
// administrator, may; a later decision replaces an earlier one, and each is a
// change row of the record's public history.
func (db *DB) DecideConfirmation(ctx context.Context, a Account, recordType, recordID, decision, reason string) (err error) {
	defer wrap(&err, "decide on %s %s", recordType, recordID)
	reason = strings.TrimSpace(reason)
	switch {
	case decision != Confirm && decision != Dispute:
		return fmt.Errorf("%w: decision %q", ErrInvalid, decision)
	case decision == Dispute && reason == "":
		return fmt.Errorf("%w: a dispute needs its reason", ErrInvalid)
	case len(reason) > MaxDisputeReason:
		return fmt.Errorf("%w: the reason is longer than %d characters", ErrInvalid, MaxDisputeReason)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var c Confirmation
	err = tx.QueryRowContext(ctx, `SELECT `+confirmationCols+` FROM confirmation WHERE record_type = ? AND record_id = ?`,
		recordType, recordID).Scan(c.fields()...)
	if err != nil {
		return notFound(err)
	}
	if ok, err := db.Governs(ctx, a, c.Awaiting); err != nil {
		return err
	} else if !ok {
		return ErrForbidden
	}
	before := map[string]string{"state": c.State, "awaiting": c.Awaiting}
	after := map[string]string{"state": decision, "awaiting": c.Awaiting}
	if _, err := tx.ExecContext(ctx, `UPDATE confirmation SET state = ?, decided_at = ?, decided_by = ?, reason = ?
		WHERE record_type = ? AND record_id = ?`, decision, now(), a.Actor(), reason, recordType, recordID); err != nil {
		return err
	}
	action := map[string]string{Confirm: "confirm", Dispute: "dispute"}[decision]
	if err := logChange(ctx, tx, a.Actor(), recordType, recordID, c.Agreement, action, before, after, reason); err != nil {
		return err
	}
	return db.commit(ctx, tx)
}

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, cols string) string {
	return alias + "." + strings.ReplaceAll(cols, ", ", ", "+alias+".")
}

// dropConfirmation forgets the confirmation of a record that left the record.
func dropConfirmation(ctx context.Context, tx *sql.Tx, recordType, recordID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM confirmation WHERE record_type = ? AND record_id = ?`, recordType, recordID)
	return err
}
